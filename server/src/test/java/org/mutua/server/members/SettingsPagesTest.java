package org.mutua.server.members;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;

/** The settings page's time zone and API tokens, as a browser without JavaScript uses them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettingsPagesTest {
    private static final String PASSWORD = "correct horse battery";
    private TestNode node;
    private Http api;

    @BeforeAll
    void start() {
        node = TestNode.start();
        api = new Http(node.baseUrl);
        for (String name : new String[] {"zoe", "zac", "ines", "ivan"}) {
            node.await(node.node.services().members().create(name, MemberRole.MEMBER, PASSWORD));
        }
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private String token(String username) {
        HttpResponse<String> r = api.postJson("/api/mutua/v1/tokens", new JsonObject().put("username", username).put("password", PASSWORD).encode());
        assertEquals(201, r.statusCode(), r.body());
        return Http.json(r).getString("token");
    }

    private String tokenId(String token) {
        return Http.json(api.get("/api/mutua/v1/tokens", "Authorization", "Bearer " + token)).getJsonArray("items").getJsonObject(0).getString("id");
    }

    private MemberPagesTest.Browser loggedIn(String name) {
        MemberPagesTest.Browser b = new MemberPagesTest.Browser(node.baseUrl);
        assertEquals(303, b.logIn(name, PASSWORD).statusCode());
        return b;
    }

    @Test
    void aMemberChoosesTheirTimeZoneAndNoticesShowTimesInIt() {
        String t = token("zoe");
        HttpResponse<String> created = api.postJson("/api/mutua/v1/notices", new JsonObject().put("content", "Ladder to lend").put("visibility", "local").encode(),
            "Authorization", "Bearer " + t);
        assertEquals(201, created.statusCode(), created.body());
        String page = "/o/" + Http.json(created).getString("id");
        MemberPagesTest.Browser b = loggedIn("zoe");
        assertTrue(b.http.get(page, "Accept", "text/html").body().contains(" UTC</time>"), "the node's zone (UTC) by default");

        HttpResponse<String> saved = b.submit("/settings", "/settings", Map.of("displayName", "Zoe", "timeZone", "Asia/Tokyo"));
        assertEquals(303, saved.statusCode(), saved.body());
        String shown = b.http.get(page, "Accept", "text/html").body();
        assertTrue(shown.contains(" JST</time>"), shown);
        assertTrue(b.http.get("/settings", "Accept", "text/html").body().contains("<option value=\"Asia/Tokyo\" selected>"));
        assertEquals("Asia/Tokyo", Http.json(api.get("/api/mutua/v1/me", "Authorization", "Bearer " + t)).getString("timeZone"));

        assertEquals(303, b.submit("/settings", "/settings", Map.of("displayName", "Zoe", "timeZone", "")).statusCode());
        assertTrue(b.http.get(page, "Accept", "text/html").body().contains(" UTC</time>"), "empty goes back to the node's");
    }

    @Test
    void aTimeZoneThatIsNotOnTheListIs400WithAClearMessageAndNothingIsStored() {
        MemberPagesTest.Browser b = loggedIn("zac");
        HttpResponse<String> r = b.submit("/settings", "/settings", Map.of("displayName", "Zac", "timeZone", "Mars/Olympus\"><script>"));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("Choose a time zone from the list."), r.body());
        assertFalse(r.body().contains("<script>"));
        String t = token("zac");
        assertNull(Http.json(api.get("/api/mutua/v1/me", "Authorization", "Bearer " + t)).getString("timeZone"));
        HttpResponse<String> patched = api.patchJson("/api/mutua/v1/me", new JsonObject().put("timeZone", "Etc/GMT+5").encode(), "Authorization", "Bearer " + t);
        assertEquals(400, patched.statusCode());
        assertEquals("timeZone", Http.json(patched).getString("field"));
    }

    @Test
    void theSettingsPageListsTheMembersTokensWithoutShowingThemAndRevokesOne() {
        String t = token("ines");
        String id = tokenId(t);
        MemberPagesTest.Browser b = loggedIn("ines");
        String settings = b.http.get("/settings", "Accept", "text/html").body();
        assertTrue(settings.contains("action=\"/settings/tokens/" + id + "/revoke\""), settings);
        assertFalse(settings.contains(t) || settings.contains(t.substring(t.lastIndexOf('.') + 1)), "never the token or its signature");

        HttpResponse<String> revoked = b.submit("/settings", "/settings/tokens/" + id + "/revoke", Map.of());
        assertEquals(303, revoked.statusCode(), revoked.body());
        assertEquals(401, api.get("/api/mutua/v1/me", "Authorization", "Bearer " + t).statusCode());
        String after = b.http.get("/settings", "Accept", "text/html").body();
        assertFalse(after.contains(id));
        assertTrue(after.contains("The token is revoked"), "the notice says it is done");
    }

    @Test
    void revokingAnotherMembersTokenFromThePageIs404AndWithoutTheCsrfField403() {
        String victim = token("ivan");
        String id = tokenId(victim);
        MemberPagesTest.Browser attacker = loggedIn("zac");
        assertEquals(404, attacker.submit("/settings", "/settings/tokens/" + id + "/revoke", Map.of()).statusCode());
        MemberPagesTest.Browser owner = loggedIn("ivan");
        owner.http.get("/settings", "Accept", "text/html");
        assertEquals(403, owner.http.postForm("/settings/tokens/" + id + "/revoke", Map.of(), "Accept", "text/html").statusCode());
        assertEquals(200, api.get("/api/mutua/v1/me", "Authorization", "Bearer " + victim).statusCode(), "the token still works");
    }
}
