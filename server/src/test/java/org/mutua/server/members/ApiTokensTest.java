package org.mutua.server.members;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.federation.inbox.InboundSchedule;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.MovableClock;
import org.mutua.server.testing.TestNode;

/** Members list and revoke their API tokens; tokens expire after api.token-lifetime-days (2 here, on a movable clock). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTokensTest {
    private static final String PASSWORD = "correct horse battery";
    private final MovableClock clock = new MovableClock();
    private TestNode node;
    private Http http;

    @BeforeAll
    void start() {
        node = TestNode.start(Map.of("MUTUA_API_TOKEN_LIFETIME_DAYS", "2"), clock, InboundSchedule.defaults());
        http = new Http(node.baseUrl);
        for (String name : new String[] {"tina", "tomas", "tere", "tadeo"}) {
            node.await(node.node.services().members().create(name, MemberRole.MEMBER, PASSWORD));
        }
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private String token(String username) {
        HttpResponse<String> r = http.postJson("/api/mutua/v1/tokens", new JsonObject().put("username", username).put("password", PASSWORD).encode());
        assertEquals(201, r.statusCode(), r.body());
        return Http.json(r).getString("token");
    }

    private JsonArray tokens(String token) {
        HttpResponse<String> r = http.get("/api/mutua/v1/tokens", "Authorization", "Bearer " + token);
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r).getJsonArray("items");
    }

    @Test
    void memberListsTheirTokensAndRevokesOneById() {
        String first = token("tina");
        String second = token("tina");
        JsonArray items = tokens(second);
        assertEquals(2, items.size(), items.encode());
        JsonObject current = items.stream().map(JsonObject.class::cast).filter(o -> o.getBoolean("current")).findFirst().orElseThrow();
        JsonObject other = items.stream().map(JsonObject.class::cast).filter(o -> !o.getBoolean("current")).findFirst().orElseThrow();
        Instant created = Instant.parse(other.getString("createdAt"));
        assertEquals(Duration.ofDays(2), Duration.between(created, Instant.parse(other.getString("expiresAt"))));
        assertFalse(items.encode().contains(first) || items.encode().contains(second), "the list never shows a token");
        assertFalse(first.contains(other.getString("id")), "the id is not a part of the token");

        assertEquals(204, http.delete("/api/mutua/v1/tokens/" + other.getString("id"), "Authorization", "Bearer " + second).statusCode());
        assertEquals(401, http.get("/api/mutua/v1/me", "Authorization", "Bearer " + first).statusCode(), "the revoked one is refused");
        assertEquals(200, http.get("/api/mutua/v1/me", "Authorization", "Bearer " + second).statusCode(), "the other one still works");
        JsonArray left = tokens(second);
        assertEquals(1, left.size());
        assertEquals(current.getString("id"), left.getJsonObject(0).getString("id"));
        assertEquals(404, http.delete("/api/mutua/v1/tokens/" + other.getString("id"), "Authorization", "Bearer " + second).statusCode(),
            "revoked already");
    }

    @Test
    void revokingAnotherMembersTokenByItsIdIsNotFoundAndLeavesItWorking() {
        String victim = token("tomas");
        String victimId = tokens(victim).getJsonObject(0).getString("id");
        String attacker = token("tere");
        HttpResponse<String> r = http.delete("/api/mutua/v1/tokens/" + victimId, "Authorization", "Bearer " + attacker);
        assertEquals(404, r.statusCode(), r.body());
        assertEquals(200, http.get("/api/mutua/v1/me", "Authorization", "Bearer " + victim).statusCode());
        assertTrue(tokens(attacker).stream().map(JsonObject.class::cast).noneMatch(o -> o.getString("id").equals(victimId)),
            "nor does it show in another member's list");
        assertEquals(401, http.get("/api/mutua/v1/tokens").statusCode(), "listing needs a token");
        assertEquals(401, http.delete("/api/mutua/v1/tokens/" + victimId).statusCode(), "revoking needs a token");
    }

    @Test
    void anExpiredTokenGets401SayingItExpiredAndHowToGetAnother() {
        String t = token("tadeo");
        assertEquals(200, http.get("/api/mutua/v1/me", "Authorization", "Bearer " + t).statusCode());
        clock.advance(Duration.ofDays(2).plusMinutes(1));
        HttpResponse<String> r = http.get("/api/mutua/v1/me", "Authorization", "Bearer " + t);
        assertEquals(401, r.statusCode(), r.body());
        JsonObject body = Http.json(r);
        assertEquals("error.token.expired", body.getString("code"));
        assertTrue(body.getString("error").contains("expired") && body.getString("error").contains("POST /api/mutua/v1/tokens"), body.encode());
        String fresh = token("tadeo");
        JsonArray live = tokens(fresh);
        assertEquals(1, live.size(), "the expired token leaves the list: " + live.encode());
        assertTrue(live.getJsonObject(0).getBoolean("current"));
    }
}
