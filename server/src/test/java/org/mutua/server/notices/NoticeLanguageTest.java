package org.mutua.server.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.Fixtures;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;

/**
 * A notice is tagged with the language it was written in: the Note's {@code contentMap} key (what Mastodon reads) is
 * the request's or the form's {@code language}, else the member's, never always {@code en} (FEDERATION.md 3, the Note).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoticeLanguageTest {
    private static final String AP = "application/activity+json";
    private TestNode node;
    private Fixtures fixtures;

    @BeforeAll
    void start() {
        // Unsigned GETs of public notices are answered with authorized fetch off: the test reads what peers read.
        node = TestNode.start(Map.of("MUTUA_AUTHORIZED_FETCH", "false"));
        fixtures = Fixtures.on(node);
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private String member(String name, JsonObject settings) {
        node.await(node.node.services().members().create(name, MemberRole.MEMBER, Fixtures.PASSWORD));
        String token = fixtures.token(name);
        HttpResponse<String> r = fixtures.api.patchJson("/api/mutua/v1/me", settings.encode(), "Authorization", "Bearer " + token);
        assertEquals(200, r.statusCode(), r.body());
        return token;
    }

    private JsonObject note(String token, JsonObject body) {
        HttpResponse<String> created = fixtures.api.postJson("/api/mutua/v1/notices", body.put("visibility", "public").encode(),
            "Authorization", "Bearer " + token);
        assertEquals(201, created.statusCode(), created.body());
        String uri = Http.json(created).getString("uri");
        HttpResponse<String> r = fixtures.api.get(uri.substring(node.baseUrl.length()), "Accept", AP);
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r);
    }

    @Test
    void aMemberWhosePagesAreInSpanishPostsASpanishNote() {
        String token = member("elena", new JsonObject().put("uiLanguage", "es"));
        JsonObject note = note(token, new JsonObject().put("content", "¿Quién presta una escalera?"));
        assertEquals(List.of("es"), List.copyOf(note.getJsonObject("contentMap").fieldNames()), note.encode());
    }

    @Test
    void theLanguagesAMemberWritesComeFirstAndTheRequestsLanguageWins() {
        String token = member("emil", new JsonObject().put("uiLanguage", "en").put("languages", List.of("es", "en")));
        assertEquals(List.of("es"), List.copyOf(note(token, new JsonObject().put("content", "Hola")).getJsonObject("contentMap").fieldNames()));
        JsonObject english = note(token, new JsonObject().put("content", "Hello").put("language", "en"));
        assertEquals(List.of("en"), List.copyOf(english.getJsonObject("contentMap").fieldNames()));
    }

    private static String csrf(Http browser, String page) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
            .matcher(browser.get(page, "Accept", "text/html").body());
        assertTrue(m.find(), page);
        return m.group(1);
    }

    @Test
    void theFormOffersTheMembersLanguageAndTagsTheNoticeWithTheOneChosen() {
        member("eva", new JsonObject().put("uiLanguage", "es"));
        Http browser = new Http(node.baseUrl);
        assertEquals(303, browser.postForm("/login", Map.of("username", "eva", "password", Fixtures.PASSWORD, "_csrf", csrf(browser, "/login")),
            "Accept", "text/html").statusCode());
        String form = browser.get("/notices/new", "Accept", "text/html").body();
        assertTrue(form.contains("<option value=\"es\" lang=\"es\" selected>"), "her language is pre-selected");
        HttpResponse<String> posted = browser.postForm("/notices", Map.of("content", "A ladder to lend", "visibility", "public",
            "language", "en", "_csrf", csrf(browser, "/notices/new")), "Accept", "text/html");
        assertEquals(303, posted.statusCode(), posted.body());
        String path = posted.headers().firstValue("Location").orElseThrow();
        JsonObject note = Http.json(fixtures.api.get(path, "Accept", AP));
        assertEquals(List.of("en"), List.copyOf(note.getJsonObject("contentMap").fieldNames()), "the form's choice wins");

        HttpResponse<String> refused = browser.postForm("/notices", Map.of("content", "x", "language", "klingon!",
            "_csrf", csrf(browser, "/notices/new")), "Accept", "text/html");
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("Elige de la lista el idioma"), "a message she can act on, in her language");
    }

    @Test
    void aLanguageThatIsNotACodeIsRefusedNamingTheField() {
        String token = member("esteban", new JsonObject());
        HttpResponse<String> r = fixtures.api.postJson("/api/mutua/v1/notices",
            new JsonObject().put("content", "x").put("language", "\"><script>").encode(), "Authorization", "Bearer " + token);
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("language", Http.json(r).getString("field"));
    }
}
