package org.mutua.server.members;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;

/** Sign-up in the open and invite modes, and a node configured for https behind a TLS proxy. */
class RegistrationModesTest {
    private static final String PASSWORD = "correct horse battery";

    private static HttpResponse<String> signUp(Http http, String username, String invite) {
        JsonObject body = new JsonObject().put("username", username).put("password", PASSWORD);
        if (invite != null) {
            body.put("invite", invite);
        }
        return http.postJson("/api/mutua/v1/members", body.encode());
    }

    /** Open registration, public scheme https (TLS ends at a proxy in front of the plain-HTTP port). */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OpenBehindTls {
        TestNode node;
        Http http;

        @BeforeAll
        void start() {
            node = TestNode.start(Map.of("MUTUA_REGISTRATION_MODE", "open", "MUTUA_SCHEME", "https", "MUTUA_DOMAIN", "aid.example"));
            http = new Http(node.baseUrl);
        }

        @AfterAll
        void stop() {
            node.close();
        }

        @Test
        void signUpIsActiveAtOnce() {
            HttpResponse<String> r = signUp(http, "uma", null);
            assertEquals(201, r.statusCode(), r.body());
            assertEquals("active", Http.json(r).getString("status"));
            assertEquals("https://aid.example/u/uma", Http.json(r).getString("actor"));
            assertEquals(201, http.postJson("/api/mutua/v1/tokens", "{\"username\":\"uma\",\"password\":\"" + PASSWORD + "\"}").statusCode());
        }

        @Test
        void cookiesAreSecureWhenThePublicSchemeIsHttps() {
            HttpResponse<String> page = http.get("/login", "Accept", "text/html");
            String cookie = page.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("mutua_csrf=")).findFirst().orElseThrow();
            assertTrue(cookie.contains("Secure"), cookie);
        }

        /** Ids come from MUTUA_SCHEME://MUTUA_DOMAIN, never from the Host a client sends. */
        @Test
        void idsIgnoreTheRequestHost() throws Exception {
            try (Socket s = new Socket("127.0.0.1", node.port)) {
                OutputStream out = s.getOutputStream();
                out.write(("GET /actor HTTP/1.1\r\nHost: evil.example\r\nAccept: application/activity+json\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(response.startsWith("HTTP/1.1 200"), response);
                assertTrue(response.contains("\"id\":\"https://aid.example/actor\""), response);
                assertTrue(!response.contains("evil.example"), response);
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ByInvite {
        TestNode node;
        Http http;
        String coordinatorToken;

        @BeforeAll
        void start() {
            node = TestNode.start(Map.of("MUTUA_REGISTRATION_MODE", "invite"));
            http = new Http(node.baseUrl);
            node.await(node.node.services().members().create("vera", MemberRole.COORDINATOR, PASSWORD));
            coordinatorToken = Http.json(http.postJson("/api/mutua/v1/tokens", "{\"username\":\"vera\",\"password\":\"" + PASSWORD + "\"}")).getString("token");
        }

        @AfterAll
        void stop() {
            node.close();
        }

        private long members() {
            return node.await(node.node.services().members().list(Optional.empty(), 0, 1)).total();
        }

        @Test
        void anInviteLetsOneNeighbourJoinOnce() {
            HttpResponse<String> invite = http.postJson("/api/mutua/v1/invites", "{}", "Authorization", "Bearer " + coordinatorToken);
            assertEquals(201, invite.statusCode());
            String code = Http.json(invite).getString("code");
            assertTrue(Http.json(invite).getString("url").endsWith("/signup?invite=" + code));

            HttpResponse<String> joined = signUp(http, "walter", code);
            assertEquals(201, joined.statusCode(), joined.body());
            assertEquals("active", Http.json(joined).getString("status"));

            long before = members();
            HttpResponse<String> reused = signUp(http, "xavier", code);
            assertEquals(403, reused.statusCode());
            assertEquals(before, members(), "a used invite stores nothing");
        }

        @Test
        void withoutOrWithAMadeUpInviteNobodyJoins() {
            long before = members();
            assertEquals(403, signUp(http, "yolanda", null).statusCode());
            assertEquals(403, signUp(http, "yolanda", "made-up-code").statusCode());
            assertEquals(before, members());
        }

        @Test
        void theSignUpPageExplainsHowToGetAnInvite() {
            HttpResponse<String> page = http.get("/signup", "Accept", "text/html");
            assertEquals(200, page.statusCode());
            assertTrue(!page.body().contains("name=\"password\""), "no form without an invite");
        }
    }
}
