package org.mutua.server.members;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.members.MemberPagesTest.Browser;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.MovableClock;
import org.mutua.server.testing.TestNode;

/**
 * The Organise page's help with accounts, as a browser without JavaScript uses it: one-time password links,
 * pausing and restoring accounts, changing roles, and the attacks on each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganiserPagesTest {
    private static final String PASSWORD = "correct horse battery";
    private static final String NEW_PASSWORD = "a brand new sentence";
    private static final Pattern LINK = Pattern.compile("value=\"https?://[^\"]*(/password-link\\?key=([A-Za-z0-9_-]+))\"");
    private final MovableClock clock = new MovableClock();
    private TestNode node;

    @BeforeAll
    void start() {
        node = TestNode.start(Map.of(), clock, org.mutua.federation.inbox.InboundSchedule.defaults());
        create("ada", MemberRole.ADMIN);
        create("olga", MemberRole.COORDINATOR);
        create("pablo", MemberRole.MEMBER);
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private void create(String name, MemberRole role) {
        node.await(node.node.services().members().create(name, role, PASSWORD));
    }

    private Member member(String name) {
        return node.await(node.node.services().members().profile(name)).orElseThrow().member();
    }

    private Browser loggedIn(String name, String password) {
        Browser b = new Browser(node.baseUrl);
        assertEquals(303, b.logIn(name, password).statusCode(), name + " logs in");
        return b;
    }

    private String token(String name, String password) {
        HttpResponse<String> r = new Http(node.baseUrl).postJson("/api/mutua/v1/tokens",
            new JsonObject().put("username", name).put("password", password).encode());
        assertEquals(201, r.statusCode(), r.body());
        return Http.json(r).getString("token");
    }

    private int me(String token) {
        return new Http(node.baseUrl).get("/api/mutua/v1/me", "Authorization", "Bearer " + token).statusCode();
    }

    /** Makes a link on the Organise page and answers its path ("/password-link?key=…"). */
    private String passwordLink(Browser organiser, String name) {
        HttpResponse<String> r = organiser.submit("/admin", "/admin/members/" + name + "/password-link", Map.of());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Cache-Control").orElse("").contains("no-store"), "the page with the link is not cached");
        Matcher m = LINK.matcher(r.body());
        assertTrue(m.find(), "the page shows the link: " + r.body());
        return m.group(1);
    }

    @Test
    void coordinatorMakesAPasswordLinkAndTheNeighbourSetsANewPasswordWhichEndsTheirOtherSessions() {
        create("lena", MemberRole.MEMBER);
        Browser lenaElsewhere = loggedIn("lena", PASSWORD);
        String lenaToken = token("lena", PASSWORD);
        Browser olga = loggedIn("olga", PASSWORD);
        String link = passwordLink(olga, "lena");

        Browser neighbour = new Browser(node.baseUrl);
        HttpResponse<String> form = neighbour.http.get(link, "Accept", "text/html");
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("Hello lena"), form.body());
        String key = link.substring(link.indexOf('=') + 1);
        HttpResponse<String> done = neighbour.submit(link, "/password-link", Map.of("key", key, "password", NEW_PASSWORD));
        assertEquals(303, done.statusCode(), done.body());
        assertEquals("/login", done.headers().firstValue("Location").orElseThrow());

        assertEquals(303, lenaElsewhere.http.get("/settings", "Accept", "text/html").statusCode(), "the other session ended");
        assertEquals(401, me(lenaToken), "the old token stopped working");
        assertEquals(401, new Browser(node.baseUrl).logIn("lena", PASSWORD).statusCode(), "the old password is gone");
        loggedIn("lena", NEW_PASSWORD);
    }

    @Test
    void reusedPasswordLinkIsRefused() {
        create("rita", MemberRole.MEMBER);
        String link = passwordLink(loggedIn("olga", PASSWORD), "rita");
        String key = link.substring(link.indexOf('=') + 1);
        Browser first = new Browser(node.baseUrl);
        assertEquals(303, first.submit(link, "/password-link", Map.of("key", key, "password", NEW_PASSWORD)).statusCode());

        Browser attacker = new Browser(node.baseUrl);
        HttpResponse<String> again = attacker.http.get(link, "Accept", "text/html");
        assertEquals(404, again.statusCode());
        assertTrue(again.body().contains("does not work any more"), again.body());
        assertFalse(again.body().contains("name=\"password\""), "no form for a used link");
        HttpResponse<String> post = attacker.submit("/login", "/password-link", Map.of("key", key, "password", "the attacker's choice"));
        assertEquals(404, post.statusCode());
        loggedIn("rita", NEW_PASSWORD);
    }

    @Test
    void expiredPasswordLinkIsRefused() {
        create("enzo", MemberRole.MEMBER);
        String link = passwordLink(loggedIn("olga", PASSWORD), "enzo");
        String key = link.substring(link.indexOf('=') + 1);
        clock.advance(Duration.ofHours(24).plusMinutes(1));
        Browser late = new Browser(node.baseUrl);
        assertEquals(404, late.http.get(link, "Accept", "text/html").statusCode());
        assertEquals(404, late.submit("/login", "/password-link", Map.of("key", key, "password", NEW_PASSWORD)).statusCode());
        loggedIn("enzo", PASSWORD);
    }

    @Test
    void aNewerPasswordLinkReplacesTheOlderOneAndAForgedKeyIsRefused() {
        create("ines", MemberRole.MEMBER);
        Browser olga = loggedIn("olga", PASSWORD);
        String older = passwordLink(olga, "ines");
        String newer = passwordLink(olga, "ines");
        Http h = new Http(node.baseUrl);
        assertEquals(404, h.get(older, "Accept", "text/html").statusCode());
        assertEquals(200, h.get(newer, "Accept", "text/html").statusCode());
        assertEquals(404, h.get("/password-link?key=" + "A".repeat(43), "Accept", "text/html").statusCode());
        assertEquals(404, h.get("/password-link", "Accept", "text/html").statusCode());
    }

    @Test
    void tooShortNewPasswordKeepsTheLinkWorking() {
        create("tere", MemberRole.MEMBER);
        String link = passwordLink(loggedIn("olga", PASSWORD), "tere");
        String key = link.substring(link.indexOf('=') + 1);
        Browser b = new Browser(node.baseUrl);
        HttpResponse<String> shortOne = b.submit(link, "/password-link", Map.of("key", key, "password", "short"));
        assertEquals(400, shortOne.statusCode());
        assertTrue(shortOne.body().contains("at least 10 characters"), shortOne.body());
        assertEquals(303, b.submit(link, "/password-link", Map.of("key", key, "password", NEW_PASSWORD)).statusCode());
    }

    @Test
    void plainMemberPostingTheOrganiseFormsGets403AndNothingChanges() {
        create("vera", MemberRole.MEMBER);
        Browser pablo = loggedIn("pablo", PASSWORD);
        for (String action : new String[] {"password-link", "suspend", "role"}) {
            HttpResponse<String> r = pablo.submit("/settings", "/admin/members/vera/" + action, Map.of("role", "admin"));
            assertEquals(403, r.statusCode(), action);
        }
        assertEquals(403, pablo.submit("/settings", "/admin/members/pablo/role", Map.of("role", "admin")).statusCode(), "not even for themselves");
        assertEquals(MemberStatus.ACTIVE, member("vera").status());
        assertEquals(MemberRole.MEMBER, member("vera").role());
        assertEquals(MemberRole.MEMBER, member("pablo").role());
    }

    @Test
    void organiseFormsWithoutCsrfAre403() {
        create("wen", MemberRole.MEMBER);
        Browser ada = loggedIn("ada", PASSWORD);
        for (String action : new String[] {"password-link", "suspend", "role"}) {
            assertEquals(403, ada.http.postForm("/admin/members/wen/" + action, Map.of("role", "admin"), "Accept", "text/html").statusCode(), action);
        }
        assertEquals(MemberStatus.ACTIVE, member("wen").status());
        assertEquals(MemberRole.MEMBER, member("wen").role());
    }

    @Test
    void suspendedMemberCannotLogInAndTheirSessionsAndTokensStopUntilRestored() {
        create("sami", MemberRole.MEMBER);
        Browser sami = loggedIn("sami", PASSWORD);
        String token = token("sami", PASSWORD);
        Browser olga = loggedIn("olga", PASSWORD);
        HttpResponse<String> paused = olga.submit("/admin", "/admin/members/sami/suspend", Map.of());
        assertEquals(303, paused.statusCode(), paused.body());
        assertEquals(MemberStatus.SUSPENDED, member("sami").status());
        assertEquals(303, sami.http.get("/settings", "Accept", "text/html").statusCode(), "the session ended");
        assertEquals(401, me(token), "the token stopped working");
        HttpResponse<String> login = new Browser(node.baseUrl).logIn("sami", PASSWORD);
        assertEquals(403, login.statusCode());
        assertTrue(login.body().contains("Your account is paused"), login.body());
        assertEquals(403, new Http(node.baseUrl).postJson("/api/mutua/v1/tokens",
            new JsonObject().put("username", "sami").put("password", PASSWORD).encode()).statusCode(), "no new token either");
        assertTrue(olga.http.get("/admin", "Accept", "text/html").body().contains("/admin/members/sami/restore"));

        assertEquals(303, olga.submit("/admin", "/admin/members/sami/restore", Map.of()).statusCode());
        assertEquals(MemberStatus.ACTIVE, member("sami").status());
        assertEquals(401, me(token), "a restored account does not revive old tokens");
        loggedIn("sami", PASSWORD);
    }

    @Test
    void suspendingYourselfIsRefused() {
        Browser olga = loggedIn("olga", PASSWORD);
        HttpResponse<String> r = olga.submit("/admin", "/admin/members/olga/suspend", Map.of());
        assertEquals(409, r.statusCode());
        assertTrue(r.body().contains("cannot pause your own account"), r.body());
        assertEquals(MemberStatus.ACTIVE, member("olga").status());
        assertFalse(olga.http.get("/admin", "Accept", "text/html").body().contains("/admin/members/olga/suspend"), "no such button");
    }

    @Test
    void coordinatorCannotTouchAnAdminOrGrantAdmin() {
        create("yara", MemberRole.MEMBER);
        Browser olga = loggedIn("olga", PASSWORD);
        assertEquals(403, olga.submit("/admin", "/admin/members/ada/suspend", Map.of()).statusCode());
        assertEquals(403, olga.submit("/admin", "/admin/members/ada/password-link", Map.of()).statusCode(),
            "a coordinator could otherwise take over the admin's account");
        assertEquals(403, olga.submit("/admin", "/admin/members/ada/role", Map.of("role", "member")).statusCode());
        assertEquals(403, olga.submit("/admin", "/admin/members/yara/role", Map.of("role", "admin")).statusCode());
        assertEquals(MemberRole.ADMIN, member("ada").role());
        assertEquals(MemberStatus.ACTIVE, member("ada").status());
        assertEquals(MemberRole.MEMBER, member("yara").role());
        String page = olga.http.get("/admin", "Accept", "text/html").body();
        assertFalse(page.contains("/admin/members/ada/"), "no buttons on the admin's card");
        assertFalse(page.contains("value=\"admin\""), "admin is not offered");

        assertEquals(303, olga.submit("/admin", "/admin/members/yara/role", Map.of("role", "coordinator")).statusCode());
        assertEquals(MemberRole.COORDINATOR, member("yara").role());
    }

    @Test
    void theLastAdminCannotBeDemotedButOneOfTwoCan() {
        Browser ada = loggedIn("ada", PASSWORD);
        HttpResponse<String> r = ada.submit("/admin", "/admin/members/ada/role", Map.of("role", "coordinator"));
        assertEquals(409, r.statusCode());
        assertTrue(r.body().contains("at least one node admin"), r.body());
        assertEquals(MemberRole.ADMIN, member("ada").role());

        create("zoe", MemberRole.MEMBER);
        assertEquals(303, ada.submit("/admin", "/admin/members/zoe/role", Map.of("role", "admin")).statusCode());
        Browser zoe = loggedIn("zoe", PASSWORD);
        assertEquals(303, zoe.submit("/admin", "/admin/members/zoe/role", Map.of("role", "member")).statusCode(), "ada is still admin");
        assertEquals(MemberRole.MEMBER, member("zoe").role());
        assertEquals(400, ada.submit("/admin", "/admin/members/zoe/role", Map.of("role", "owner")).statusCode());
    }
}
