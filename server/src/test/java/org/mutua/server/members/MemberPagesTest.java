package org.mutua.server.members;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;

/** The HTML pages as a browser without JavaScript uses them: forms, cookies, redirects, languages. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemberPagesTest {
    private static final String PASSWORD = "correct horse battery";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private TestNode node;

    @BeforeAll
    void start() {
        node = TestNode.start();
        node.await(node.node.services().members().create("olga", MemberRole.COORDINATOR, PASSWORD));
        node.await(node.node.services().members().create("pablo", MemberRole.MEMBER, PASSWORD));
    }

    @AfterAll
    void stop() {
        node.close();
    }

    /** A browser: fetches the form first (which sets the CSRF cookie) and posts it back with the hidden field. */
    static final class Browser {
        final Http http;

        Browser(String base) {
            http = new Http(base);
        }

        String csrf(String formPage) {
            HttpResponse<String> page = http.get(formPage, "Accept", "text/html");
            Matcher m = CSRF.matcher(page.body());
            assertTrue(m.find(), "form page has a _csrf field: " + formPage);
            return m.group(1);
        }

        HttpResponse<String> submit(String formPage, String action, Map<String, String> fields) {
            Map<String, String> all = new HashMap<>(fields);
            all.put("_csrf", csrf(formPage));
            return http.postForm(action, all, "Accept", "text/html");
        }

        HttpResponse<String> logIn(String username, String password) {
            return submit("/login", "/login", Map.of("username", username, "password", password));
        }
    }

    private long members() {
        return node.await(node.node.services().members().list(Optional.empty(), 0, 1)).total();
    }

    @Test
    void neighbourSignsUpAndWaitsForApproval() {
        Browser b = new Browser(node.baseUrl);
        HttpResponse<String> r = b.submit("/signup", "/signup",
            Map.of("username", "quique", "displayName", "Quique", "password", PASSWORD, "reason", "I live on Elm Street"));
        assertEquals(303, r.statusCode(), r.body());
        assertEquals("/signup/done?pending=true", r.headers().firstValue("Location").orElseThrow());
        MemberProfile p = node.await(node.node.services().members().profile("quique")).orElseThrow();
        assertEquals(MemberStatus.PENDING, p.member().status());
        assertEquals("I live on Elm Street", p.member().signupReason());
    }

    @Test
    void loginSetsAHardenedSessionCookieAndLogoutEndsIt() {
        Browser b = new Browser(node.baseUrl);
        HttpResponse<String> r = b.logIn("pablo", PASSWORD);
        assertEquals(303, r.statusCode());
        String cookie = r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("mutua_session=")).findFirst().orElseThrow();
        assertTrue(cookie.contains("HTTPOnly") || cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
        HttpResponse<String> settings = b.http.get("/settings", "Accept", "text/html");
        assertEquals(200, settings.statusCode());
        assertTrue(settings.body().contains("name=\"displayName\""));
        HttpResponse<String> out = b.submit("/settings", "/logout", Map.of());
        assertEquals(303, out.statusCode());
        assertEquals(303, b.http.get("/settings", "Accept", "text/html").statusCode(), "logged out: sent to log in");
    }

    @Test
    void settingsChangeNameBioAndLanguageAndTheProfileShowsThemEscaped() {
        Browser b = new Browser(node.baseUrl);
        node.await(node.node.services().members().create("rosa", MemberRole.MEMBER, PASSWORD));
        b.logIn("rosa", PASSWORD);
        HttpResponse<String> saved = b.submit("/settings", "/settings", Map.of("displayName", "Rosa <i>M</i>",
            "bio", "Bici <script>alert(1)</script> & más", "uiLanguage", "es", "languages", "es"));
        assertEquals(303, saved.statusCode(), saved.body());
        HttpResponse<String> profile = b.http.get("/u/rosa", "Accept", "text/html");
        assertEquals(200, profile.statusCode());
        assertTrue(profile.body().contains("<html lang=\"es\""), "the member's language setting wins");
        assertTrue(profile.body().contains("Rosa M"));
        assertFalse(profile.body().contains("<script>alert"), "markup typed into the bio is never executed");
        assertTrue(profile.body().contains("Bici &amp; más"), profile.body());
    }

    @Test
    void languageFollowsAcceptLanguageThenAnExplicitChoice() {
        Http h = new Http(node.baseUrl);
        assertTrue(h.get("/", "Accept", "text/html", "Accept-Language", "es-MX,es;q=0.9").body().contains("<html lang=\"es\""));
        assertTrue(h.get("/", "Accept", "text/html", "Accept-Language", "fr, de").body().contains("<html lang=\"en\""));
        assertTrue(h.get("/?lang=es", "Accept", "text/html").body().contains("<html lang=\"es\""));
        assertTrue(h.get("/login", "Accept", "text/html", "Accept-Language", "en").body().contains("<html lang=\"es\""), "the choice is remembered");
        assertTrue(h.get("/?lang=xx", "Accept", "text/html").statusCode() == 200);
    }

    @Test
    void coordinatorApprovesFromTheOrganisersPage() {
        Browser neighbour = new Browser(node.baseUrl);
        neighbour.submit("/signup", "/signup", Map.of("username", "sara", "displayName", "Sara", "password", PASSWORD));
        Browser olga = new Browser(node.baseUrl);
        olga.logIn("olga", PASSWORD);
        HttpResponse<String> admin = olga.http.get("/admin", "Accept", "text/html");
        assertEquals(200, admin.statusCode());
        assertTrue(admin.body().contains("/admin/members/sara/approve"));
        HttpResponse<String> approved = olga.submit("/admin", "/admin/members/sara/approve", Map.of());
        assertEquals(303, approved.statusCode());
        assertTrue(olga.http.get("/admin", "Accept", "text/html").body().contains("sara"));
        assertEquals(303, neighbour.logIn("sara", PASSWORD).statusCode());
    }

    @Nested
    class HostileInput {
        @Test
        void formWithoutOrWithAWrongCsrfTokenIs403AndStoresNothing() {
            long before = members();
            Http h = new Http(node.baseUrl);
            h.get("/signup", "Accept", "text/html");
            HttpResponse<String> none = h.postForm("/signup", Map.of("username", "mallory", "password", PASSWORD), "Accept", "text/html");
            assertEquals(403, none.statusCode());
            HttpResponse<String> wrong = h.postForm("/signup", Map.of("username", "mallory", "password", PASSWORD, "_csrf", "x".repeat(43)), "Accept", "text/html");
            assertEquals(403, wrong.statusCode());
            assertTrue(wrong.body().contains("<html"), "a page a person can read");
            assertEquals(before, members());
            Http fresh = new Http(node.baseUrl);
            assertEquals(403, fresh.postForm("/login", Map.of("username", "pablo", "password", PASSWORD, "_csrf", "forged")).statusCode(),
                "a cross-site post without our cookie is refused");
        }

        @Test
        void duplicateUsernameReRendersTheFormWithTheErrorAndStoresNothing() {
            long before = members();
            HttpResponse<String> r = new Browser(node.baseUrl).submit("/signup", "/signup",
                Map.of("username", "pablo", "displayName", "<b>Impostor</b>", "password", PASSWORD));
            assertEquals(409, r.statusCode());
            assertTrue(r.body().contains("already has this username"), r.body());
            assertTrue(r.body().contains("value=\"pablo\""), "what was typed is kept");
            assertFalse(r.body().contains(PASSWORD), "passwords are never sent back");
            assertEquals(before, members());
        }

        @Test
        void unsafeUsernameIsRefusedOnThePage() {
            long before = members();
            HttpResponse<String> r = new Browser(node.baseUrl).submit("/signup", "/signup",
                Map.of("username", "../etc", "displayName", "x", "password", PASSWORD));
            assertEquals(400, r.statusCode());
            assertTrue(r.body().contains("username-error"), "the error is tied to the field");
            assertEquals(before, members());
        }

        @Test
        void wrongPasswordsShowAnErrorThenARateLimit() {
            Browser b = new Browser(node.baseUrl);
            node.await(node.node.services().members().create("tomas", MemberRole.MEMBER, PASSWORD));
            for (int i = 0; i < node.config.loginMaxFailures(); i++) {
                HttpResponse<String> r = b.logIn("tomas", "not my password " + i);
                assertEquals(401, r.statusCode());
                assertTrue(r.body().contains("username or password is not right"), r.body());
            }
            HttpResponse<String> limited = b.logIn("tomas", PASSWORD);
            assertEquals(429, limited.statusCode());
            assertTrue(limited.body().contains("Too many attempts"));
        }

        @Test
        void organisersPageIsClosedToMembersAndStrangers() {
            assertEquals(303, new Http(node.baseUrl).get("/admin", "Accept", "text/html").statusCode());
            Browser pablo = new Browser(node.baseUrl);
            pablo.logIn("pablo", PASSWORD);
            assertEquals(403, pablo.http.get("/admin", "Accept", "text/html").statusCode());
            HttpResponse<String> approve = pablo.submit("/settings", "/admin/members/olga/approve", Map.of());
            assertEquals(403, approve.statusCode());
        }

        @Test
        void unknownPagesAnswerAReadable404() {
            HttpResponse<String> r = new Http(node.baseUrl).get("/no/such/page", "Accept", "text/html", "Accept-Language", "es");
            assertEquals(404, r.statusCode());
            assertTrue(r.body().contains("<html lang=\"es\""));
            assertEquals(404, new Http(node.baseUrl).get("/u/nobody", "Accept", "text/html").statusCode());
        }

        @Test
        void oversizedFormIs413() {
            HttpResponse<String> r = new Browser(node.baseUrl).submit("/signup", "/signup",
                Map.of("username", "big", "password", PASSWORD, "reason", "x".repeat(1_100_000)));
            assertEquals(413, r.statusCode());
        }
    }
}
