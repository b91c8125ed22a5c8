package org.mutua.server.members;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;

/** The members JSON API on a node whose sign-ups need a coordinator's approval (the default). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemberApiTest {
    private static final String PASSWORD = "correct horse battery";
    private TestNode node;
    private Http http;
    private String adminToken;

    @BeforeAll
    void start() {
        node = TestNode.start();
        http = new Http(node.baseUrl);
        node.await(node.node.services().members().create("alice", MemberRole.ADMIN, PASSWORD));
        adminToken = token("alice", PASSWORD);
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private String token(String username, String password) {
        HttpResponse<String> r = http.postJson("/api/mutua/v1/tokens", new JsonObject().put("username", username).put("password", password).encode());
        assertEquals(201, r.statusCode(), r.body());
        return Http.json(r).getString("token");
    }

    private long memberCount() {
        return node.await(node.node.services().members().list(Optional.empty(), 0, 1)).total();
    }

    private HttpResponse<String> signUp(String username) {
        return http.postJson("/api/mutua/v1/members", new JsonObject().put("username", username).put("password", PASSWORD)
            .put("displayName", "Someone").encode());
    }

    @Test
    void adminGetsATokenAndSeesThemselves() {
        HttpResponse<String> me = http.get("/api/mutua/v1/me", "Authorization", "Bearer " + adminToken);
        assertEquals(200, me.statusCode());
        JsonObject body = Http.json(me);
        assertEquals("alice", body.getString("username"));
        assertEquals(node.baseUrl + "/u/alice", body.getString("actor"));
        assertEquals("admin", body.getString("role"));
        assertTrue(body.getString("id").matches("^[A-Za-z0-9_-]+$"), "opaque URL-safe id");
    }

    @Test
    void revokedTokenIsRefused() {
        String t = token("alice", PASSWORD);
        assertEquals(204, http.delete("/api/mutua/v1/tokens/current", "Authorization", "Bearer " + t).statusCode());
        assertEquals(401, http.get("/api/mutua/v1/me", "Authorization", "Bearer " + t).statusCode());
    }

    @Test
    void signUpWaitsForApprovalThenLogsIn() {
        HttpResponse<String> r = signUp("bruno");
        assertEquals(201, r.statusCode(), r.body());
        JsonObject bruno = Http.json(r);
        assertEquals("pending", bruno.getString("status"));

        HttpResponse<String> early = http.postJson("/api/mutua/v1/tokens", new JsonObject().put("username", "bruno").put("password", PASSWORD).encode());
        assertEquals(403, early.statusCode());
        assertTrue(Http.json(early).getString("error").contains("approval"));
        assertEquals(404, http.get("/u/bruno", "Accept", "application/activity+json").statusCode(), "pending members are not visible");

        HttpResponse<String> pending = http.get("/api/mutua/v1/members?status=pending", "Authorization", "Bearer " + adminToken);
        assertEquals(200, pending.statusCode());
        assertTrue(pending.body().contains("\"bruno\""));

        HttpResponse<String> approved = http.postJson("/api/mutua/v1/members/" + bruno.getString("id") + "/approve", "{}", "Authorization", "Bearer " + adminToken);
        assertEquals(200, approved.statusCode(), approved.body());
        assertEquals("active", Http.json(approved).getString("status"));
        assertNotNull(token("bruno", PASSWORD));
    }

    @Test
    void memberEditsTheirProfileAndMarkupIsRemoved() {
        node.await(node.node.services().members().create("carmen", MemberRole.MEMBER, PASSWORD));
        String t = token("carmen", PASSWORD);
        HttpResponse<String> r = http.patchJson("/api/mutua/v1/me", new JsonObject()
            .put("displayName", "<script>alert(1)</script>Carmen <b>R</b>")
            .put("bio", "I fix bikes <img src=x onerror=alert(1)>\n\nAsk me!")
            .put("languages", List.of("es", "en")).put("uiLanguage", "es").encode(), "Authorization", "Bearer " + t);
        assertEquals(200, r.statusCode(), r.body());
        JsonObject me = Http.json(r);
        assertEquals("Carmen R", me.getString("displayName"));
        assertEquals("I fix bikes \n\nAsk me!", me.getString("bio"));
        assertEquals("es", me.getString("uiLanguage"));
    }

    @Test
    void listsPageWithTheSharedShape() {
        HttpResponse<String> r = http.get("/api/mutua/v1/members?limit=1", "Authorization", "Bearer " + adminToken);
        JsonObject page = Http.json(r);
        assertEquals(1, page.getJsonArray("items").size());
        assertTrue(page.getLong("totalItems") >= 1);
        if (page.getLong("totalItems") > 1) {
            assertTrue(page.getString("next").startsWith(node.baseUrl + "/api/mutua/v1/members?offset=1&limit=1"));
        }
        assertEquals(400, http.get("/api/mutua/v1/members?limit=5000", "Authorization", "Bearer " + adminToken).statusCode());
    }

    @Nested
    class HostileInput {
        @Test
        void duplicateUsernameIsAConflictAndStoresNothing() {
            assertEquals(201, signUp("dolores").statusCode());
            long before = memberCount();
            HttpResponse<String> again = signUp("Dolores");
            assertEquals(409, again.statusCode());
            assertEquals("username", Http.json(again).getString("field"));
            assertEquals(before, memberCount());
        }

        @Test
        void reservedAndUnsafeUsernamesAreRefusedAndStoreNothing() {
            long before = memberCount();
            for (String name : List.of("admin", "admin@x", "../", "..%2f", "ａdmin", "аdmin", "neighbourhood", "a b", "", "x".repeat(31), "émile")) {
                HttpResponse<String> r = signUp(name);
                assertEquals(400, r.statusCode(), name + " → " + r.body());
                assertEquals("username", Http.json(r).getString("field"), name);
            }
            assertEquals(before, memberCount());
        }

        @Test
        void usernameOfTheNeighbourhoodOrInstanceActorCannotBeTaken() {
            assertEquals(400, signUp(node.config.neighbourhoodUsername()).statusCode());
        }

        @Test
        void missingFieldsAreNamed() {
            HttpResponse<String> r = http.postJson("/api/mutua/v1/members", "{\"username\":\"zed\"}");
            assertEquals(400, r.statusCode());
            assertEquals("password", Http.json(r).getString("field"));
            HttpResponse<String> t = http.postJson("/api/mutua/v1/tokens", "{\"password\":\"x\"}");
            assertEquals(400, t.statusCode());
            assertEquals("username", Http.json(t).getString("field"));
            HttpResponse<String> wrongType = http.postJson("/api/mutua/v1/tokens", "{\"username\":42,\"password\":\"x\"}");
            assertEquals(400, wrongType.statusCode());
            assertEquals("username", Http.json(wrongType).getString("field"));
        }

        @Test
        void shortPasswordIsRefused() {
            HttpResponse<String> r = http.postJson("/api/mutua/v1/members", new JsonObject().put("username", "shorty").put("password", "123").encode());
            assertEquals(400, r.statusCode());
            assertEquals("password", Http.json(r).getString("field"));
        }

        @Test
        void malformedJsonAndWrongContentTypeAreRefused() {
            assertEquals(400, http.postJson("/api/mutua/v1/tokens", "{not json").statusCode());
            assertEquals(400, http.postJson("/api/mutua/v1/tokens", "[1,2]").statusCode());
            assertEquals(415, http.post("/api/mutua/v1/tokens", "text/plain", "username=alice".getBytes()).statusCode());
        }

        @Test
        void oversizedBodyIs413AndStoresNothing() {
            long before = memberCount();
            String huge = new JsonObject().put("username", "big").put("password", PASSWORD).put("reason", "x".repeat(2_000_000)).encode();
            HttpResponse<String> r = http.postJson("/api/mutua/v1/members", huge);
            assertEquals(413, r.statusCode());
            assertEquals(before, memberCount());
        }

        @Test
        void repeatedWrongPasswordsAreRateLimited() {
            node.await(node.node.services().members().create("erin", MemberRole.MEMBER, PASSWORD));
            int limit = node.config.loginMaxFailures();
            for (int i = 0; i < limit; i++) {
                HttpResponse<String> r = http.postJson("/api/mutua/v1/tokens", "{\"username\":\"erin\",\"password\":\"wrong password " + i + "\"}");
                assertEquals(401, r.statusCode());
                assertFalse(r.body().contains("erin"), "the answer does not say which part was wrong");
            }
            HttpResponse<String> limited = http.postJson("/api/mutua/v1/tokens", "{\"username\":\"erin\",\"password\":\"" + PASSWORD + "\"}");
            assertEquals(429, limited.statusCode());
            assertNotNull(limited.headers().firstValue("Retry-After").orElse(null));
        }

        @Test
        void forgedAndGarbageTokensAreRefused() throws Exception {
            assertEquals(401, http.get("/api/mutua/v1/me").statusCode());
            assertEquals(401, http.get("/api/mutua/v1/me", "Authorization", "Bearer not.a.jwt").statusCode());
            assertEquals(401, http.get("/api/mutua/v1/me", "Authorization", "Basic YWxpY2U6eA==").statusCode());
            SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder().issuer(node.baseUrl).subject("x").jwtID("made-up").build());
            forged.sign(new MACSigner("an attacker's own secret of 32 bytes!!".getBytes()));
            assertEquals(401, http.get("/api/mutua/v1/me", "Authorization", "Bearer " + forged.serialize()).statusCode());
            String unsigned = adminToken.substring(0, adminToken.lastIndexOf('.') + 1);
            assertEquals(401, http.get("/api/mutua/v1/me", "Authorization", "Bearer " + unsigned).statusCode());
        }

        @Test
        void onlyCoordinatorsListAndDecide() {
            node.await(node.node.services().members().create("frank", MemberRole.MEMBER, PASSWORD));
            String t = token("frank", PASSWORD);
            assertEquals(403, http.get("/api/mutua/v1/members", "Authorization", "Bearer " + t).statusCode());
            assertEquals(403, http.postJson("/api/mutua/v1/invites", "{}", "Authorization", "Bearer " + t).statusCode());
        }

        @Test
        void unknownApiPathIsAJson404() {
            HttpResponse<String> r = http.get("/api/mutua/v1/nothing-here");
            assertEquals(404, r.statusCode());
            assertNull(Http.json(r).getString("field"));
        }
    }
}
