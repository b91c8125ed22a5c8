package org.mutua.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mutua.server.members.MemberRole;

/**
 * Named, stable fixtures tests share, as GoToSocial's testrig has "local_account_1": the same members with the same
 * usernames and password on every test node, created through the services as a real node would; named remote actors
 * served on loopback; notices published through the API. A test names who acts ({@link #MEMBER}, {@link #REMOTE})
 * instead of building its own cast.
 */
public final class Fixtures implements AutoCloseable {
    public static final String PASSWORD = "correct horse battery";
    /** A plain member, the one who publishes in most tests. */
    public static final String MEMBER = "ana";
    /** A second plain member, for "another member may not". */
    public static final String OTHER_MEMBER = "bo";
    /** A coordinator: decides for the neighbourhood. */
    public static final String COORDINATOR = "olga";
    /** An admin: runs the node. */
    public static final String ADMIN = "ada";
    /** A remote actor that replies, likes and follows. */
    public static final String REMOTE = "rosa";
    /** A second remote actor, for "someone else's". */
    public static final String OTHER_REMOTE = "tom";

    public final TestNode node;
    public final Http api;
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Map<String, ScriptedRemoteActor> remotes = new LinkedHashMap<>();

    private Fixtures(TestNode node) {
        this.node = node;
        this.api = new Http(node.baseUrl);
    }

    /** The four members on this node, each with {@link #PASSWORD}. */
    public static Fixtures on(TestNode node) {
        Fixtures f = new Fixtures(node);
        node.await(node.node.services().members().create(MEMBER, MemberRole.MEMBER, PASSWORD));
        node.await(node.node.services().members().create(OTHER_MEMBER, MemberRole.MEMBER, PASSWORD));
        node.await(node.node.services().members().create(COORDINATOR, MemberRole.COORDINATOR, PASSWORD));
        node.await(node.node.services().members().create(ADMIN, MemberRole.ADMIN, PASSWORD));
        return f;
    }

    /** A bearer token of this member (one per member, made on first use). */
    public String token(String username) {
        return tokens.computeIfAbsent(username, u -> {
            HttpResponse<String> r = api.postJson("/api/mutua/v1/tokens", new JsonObject().put("username", u).put("password", PASSWORD).encode());
            assertEquals(201, r.statusCode(), r.body());
            return Http.json(r).getString("token");
        });
    }

    /** The member's actor IRI. */
    public String actor(String username) {
        return node.baseUrl + "/u/" + username;
    }

    /** A notice by this member, published through the API; its JSON (id, uri, …). */
    public JsonObject notice(String username, String visibility, String content) {
        return publish(username, new JsonObject().put("content", content).put("visibility", visibility));
    }

    /** A notice published as the neighbourhood by a coordinator or admin. */
    public JsonObject neighbourhoodNotice(String username, String visibility, String content) {
        return publish(username, new JsonObject().put("content", content).put("visibility", visibility).put("as", "neighbourhood"));
    }

    private JsonObject publish(String username, JsonObject body) {
        HttpResponse<String> r = api.postJson("/api/mutua/v1/notices", body.encode(), "Authorization", "Bearer " + token(username));
        assertEquals(201, r.statusCode(), r.body());
        return Http.json(r);
    }

    /** The named remote actor, served on loopback from first use until {@link #close()}. */
    public ScriptedRemoteActor remote(String name) {
        return remotes.computeIfAbsent(name, n -> {
            try {
                return new ScriptedRemoteActor(n);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Closes the remote actors; the node is the test's to close. */
    @Override
    public void close() {
        remotes.values().forEach(ScriptedRemoteActor::close);
    }
}
