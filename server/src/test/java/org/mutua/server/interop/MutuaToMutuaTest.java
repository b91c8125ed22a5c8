package org.mutua.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;

/** Two Mutua nodes on loopback follow each other's members, each approved on its own node. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutuaToMutuaTest {
    private static final String PASSWORD = "correct horse battery";
    private TestNode east;
    private TestNode west;

    @BeforeAll
    void start() {
        east = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true", "MUTUA_NODE_NAME", "Eastside"));
        west = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true", "MUTUA_NODE_NAME", "Westside"));
        east.await(east.node.services().members().create("ana", MemberRole.MEMBER, PASSWORD));
        west.await(west.node.services().members().create("wen", MemberRole.MEMBER, PASSWORD));
    }

    @AfterAll
    void stop() {
        east.close();
        west.close();
    }

    private static String token(Http api, String name) {
        return Http.json(api.postJson("/api/mutua/v1/tokens", "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}")).getString("token");
    }

    private static JsonObject await(String what, java.util.function.Supplier<JsonObject> probe) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonObject v = probe.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static void follows(Http fromApi, String fromToken, Http toApi, String toToken, String target, String follower) throws Exception {
        HttpResponse<String> r = fromApi.postJson("/api/mutua/v1/follows", new JsonObject().put("target", target).encode(), "Authorization", "Bearer " + fromToken);
        assertEquals(201, r.statusCode(), r.body());
        String id = Http.json(r).getString("id");
        JsonObject request = await("the request at " + target, () -> Http.json(toApi.get("/api/mutua/v1/follow-requests", "Authorization", "Bearer " + toToken))
            .getJsonArray("items").stream().map(JsonObject.class::cast).filter(i -> i.getString("actor").equals(follower)).findFirst().orElse(null));
        assertEquals(200, toApi.postJson("/api/mutua/v1/follow-requests/" + request.getString("id") + "/accept", "{}", "Authorization", "Bearer " + toToken).statusCode());
        await("the Accept back at the follower's node", () -> Http.json(fromApi.get("/api/mutua/v1/follows", "Authorization", "Bearer " + fromToken))
            .getJsonArray("items").stream().map(JsonObject.class::cast).filter(f -> f.getString("id").equals(id) && f.getString("state").equals("accepted"))
            .findFirst().orElse(null));
    }

    @Test
    void membersOfTwoNodesFollowEachOther() throws Exception {
        Http eastApi = new Http(east.baseUrl);
        Http westApi = new Http(west.baseUrl);
        String ana = token(eastApi, "ana");
        String wen = token(westApi, "wen");
        follows(eastApi, ana, westApi, wen, west.baseUrl + "/u/wen", east.baseUrl + "/u/ana");
        follows(westApi, wen, eastApi, ana, east.baseUrl + "/u/ana", west.baseUrl + "/u/wen");
        assertEquals(1, Http.json(eastApi.get("/api/mutua/v1/followers", "Authorization", "Bearer " + ana)).getLong("totalItems"));
        assertEquals(1, Http.json(westApi.get("/api/mutua/v1/followers", "Authorization", "Bearer " + wen)).getLong("totalItems"));
    }
}
