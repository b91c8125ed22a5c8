package org.mutua.server.members;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;

/** The organisers' account help through the JSON API, and the rule that the node always keeps an admin. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganiserApiTest {
    private static final String PASSWORD = "correct horse battery";
    private static final String API = "/api/mutua/v1";
    private TestNode node;
    private Http http;

    @BeforeAll
    void start() {
        node = TestNode.start();
        http = new Http(node.baseUrl);
        node.await(node.node.services().members().create("ada", MemberRole.ADMIN, PASSWORD));
        node.await(node.node.services().members().create("olga", MemberRole.COORDINATOR, PASSWORD));
        node.await(node.node.services().members().create("pablo", MemberRole.MEMBER, PASSWORD));
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private String token(String name) {
        HttpResponse<String> r = http.postJson(API + "/tokens", new JsonObject().put("username", name).put("password", PASSWORD).encode());
        assertEquals(201, r.statusCode(), r.body());
        return Http.json(r).getString("token");
    }

    private String id(String name) {
        return node.await(node.node.services().members().profile(name)).orElseThrow().member().publicId();
    }

    private HttpResponse<String> post(String token, String path, JsonObject body) {
        return http.postJson(API + path, body.encode(), "Authorization", "Bearer " + token);
    }

    @Test
    void coordinatorSuspendsRestoresChangesRoleAndMakesAPasswordLink() {
        node.await(node.node.services().members().create("bea", MemberRole.MEMBER, PASSWORD));
        String olga = token("olga");
        String bea = token("bea");
        HttpResponse<String> paused = post(olga, "/members/" + id("bea") + "/suspend", new JsonObject());
        assertEquals(200, paused.statusCode(), paused.body());
        assertEquals("suspended", Http.json(paused).getString("status"));
        assertEquals(401, http.get(API + "/me", "Authorization", "Bearer " + bea).statusCode(), "the token stopped working");
        assertEquals(409, post(olga, "/members/" + id("bea") + "/suspend", new JsonObject()).statusCode(), "already paused");
        assertEquals("active", Http.json(post(olga, "/members/" + id("bea") + "/restore", new JsonObject())).getString("status"));

        HttpResponse<String> role = post(olga, "/members/" + id("bea") + "/role", new JsonObject().put("role", "coordinator"));
        assertEquals(200, role.statusCode(), role.body());
        assertEquals("coordinator", Http.json(role).getString("role"));
        assertEquals(403, post(olga, "/members/" + id("bea") + "/role", new JsonObject().put("role", "admin")).statusCode());
        assertEquals(400, post(olga, "/members/" + id("bea") + "/role", new JsonObject().put("role", "root")).statusCode());

        HttpResponse<String> link = post(olga, "/members/" + id("bea") + "/password-link", new JsonObject());
        assertEquals(201, link.statusCode(), link.body());
        JsonObject body = Http.json(link);
        assertTrue(body.getString("url").startsWith(node.baseUrl + "/password-link?key="), body.encode());
        Duration valid = Duration.between(Instant.now(), Instant.parse(body.getString("expiresAt")));
        assertTrue(valid.compareTo(Duration.ofHours(23)) > 0 && valid.compareTo(Duration.ofHours(24)) <= 0, valid.toString());
        // A database leak must not leak working links: only the key's hash is kept.
        String key = java.net.URLDecoder.decode(body.getString("url").substring(body.getString("url").indexOf("key=") + 4), java.nio.charset.StandardCharsets.UTF_8);
        org.mutua.server.testing.DbRows db = new org.mutua.server.testing.DbRows(node);
        try {
            assertEquals(1, db.count("select count(*) from password_link where member_id = (select id from member where username = 'bea') and used_at is null"));
            assertEquals(0, db.count("select count(*) from password_link where token_hash = ? or position(? in token_hash) > 0", key, key),
                "the key itself is stored nowhere in the table");
            assertEquals(1, db.count("select count(*) from password_link where token_hash = ?", org.mutua.server.security.RandomTokens.sha256Hex(key)));
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void plainMemberGets403AndUnknownIdsGet404() {
        String pablo = token("pablo");
        for (String action : List.of("suspend", "restore", "role", "password-link")) {
            assertEquals(403, post(pablo, "/members/" + id("olga") + "/" + action, new JsonObject().put("role", "admin")).statusCode(), action);
        }
        assertEquals(401, http.postJson(API + "/members/" + id("olga") + "/suspend", "{}").statusCode(), "no token");
        assertEquals(404, post(token("olga"), "/members/nobody/suspend", new JsonObject()).statusCode());
        assertEquals(MemberRole.COORDINATOR, node.await(node.node.services().members().profile("olga")).orElseThrow().member().role());
    }

    @Test
    void twoAdminsDemotingEachOtherLeaveOneAdmin() {
        MemberService members = node.node.services().members();
        OrganiserService organisers = node.node.feature(Members.class).organisers();
        Member kim = node.await(members.create("kim", MemberRole.ADMIN, PASSWORD));
        Member lou = node.await(members.create("lou", MemberRole.ADMIN, PASSWORD));
        Member ada = node.await(members.profile("ada")).orElseThrow().member();
        // Three admins: ada steps down first, then kim and lou each demote the other, both started before either ends.
        // (Here the two transactions happen not to overlap, so this shows the last-admin rule, not the row lock that
        // keeps it under a real race.)
        node.await(organisers.changeRole(ada, "ada", MemberRole.MEMBER));
        Future<Member> a = organisers.changeRole(kim, "lou", MemberRole.MEMBER);
        Future<Member> b = organisers.changeRole(lou, "kim", MemberRole.MEMBER);
        node.await(Future.join(a, b).otherwiseEmpty());
        assertEquals(1, (a.succeeded() ? 1 : 0) + (b.succeeded() ? 1 : 0), "exactly one demotion wins");
        long admins = node.await(members.list(java.util.Optional.of(MemberStatus.ACTIVE), 0, 100)).items().stream()
            .filter(p -> p.member().role() == MemberRole.ADMIN).count();
        assertEquals(1, admins);
        Member winner = a.succeeded() ? kim : lou;
        node.await(organisers.changeRole(winner, "ada", MemberRole.ADMIN));
    }
}
