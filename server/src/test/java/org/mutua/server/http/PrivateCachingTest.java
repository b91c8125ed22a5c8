package org.mutua.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.SignedGets;
import org.mutua.server.testing.TestNode;

/**
 * A cache between a node and its readers keeps nothing private: private JSON and pages answer
 * {@code Cache-Control: private, no-store} and vary on Accept, Authorization, Signature and Cookie (issue 15).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivateCachingTest {
    private static final String PASSWORD = "correct horse battery";
    private TestNode node;
    private Http http;
    private String token;
    private String followersOnly;

    @BeforeAll
    void start() {
        node = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true"));
        http = new Http(node.baseUrl);
        node.await(node.node.services().members().create("ana", MemberRole.MEMBER, PASSWORD));
        token = Http.json(http.postJson("/api/mutua/v1/tokens", "{\"username\":\"ana\",\"password\":\"" + PASSWORD + "\"}")).getString("token");
        followersOnly = Http.json(http.postJson("/api/mutua/v1/notices", "{\"content\":\"Keys under the mat\",\"visibility\":\"followers\"}",
            "Authorization", "Bearer " + token)).getString("uri").substring(node.baseUrl.length());
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private static void keptByNoSharedCache(HttpResponse<String> r, String what) {
        assertEquals("private, no-store", r.headers().firstValue("Cache-Control").orElse(""), what);
        String vary = String.join(",", r.headers().allValues("Vary"));
        for (String header : List.of("Accept", "Authorization", "Signature", "Cookie")) {
            assertTrue(vary.contains(header), what + " varies on " + header + ": " + vary);
        }
    }

    @Test
    void theJsonApiIsKeptByNoSharedCache() {
        HttpResponse<String> me = http.get("/api/mutua/v1/me", "Authorization", "Bearer " + token);
        assertEquals(200, me.statusCode());
        keptByNoSharedCache(me, "GET /me");
        keptByNoSharedCache(http.get("/api/mutua/v1/notices", "Authorization", "Bearer " + token), "GET /notices");
    }

    @Test
    void aFollowersOnlyNoticeFetchedOverActivityPubIsKeptByNoSharedCache() {
        // Signed by the node's own instance actor: not a follower, so 404, and that answer is private too.
        HttpResponse<String> r = SignedGets.get(node, http, followersOnly, "application/activity+json");
        assertEquals(404, r.statusCode());
        keptByNoSharedCache(r, "a signed GET of a followers-only notice");
        keptByNoSharedCache(SignedGets.get(node, http, "/u/ana", "application/activity+json"), "an actor document");
    }

    @Test
    void pagesAreKeptByNoSharedCache() {
        keptByNoSharedCache(http.get("/", "Accept", "text/html"), "the home page");
        keptByNoSharedCache(http.get("/notices", "Accept", "text/html"), "a page that sends people to log in");
    }

    @Test
    void theStylesheetKeepsItsOwnCachingRule() {
        HttpResponse<String> css = http.get("/static/mutua.css");
        assertEquals(200, css.statusCode());
        assertTrue(css.headers().firstValue("Cache-Control").orElse("").contains("max-age"), css.headers().map().toString());
    }
}
