package org.mutua.server.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mutua.server.browser.Browser.Viewport;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.TestNode;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Notices in a real Chromium on a phone, in English and Spanish: a member writes one (with a mistake first), finds it in
 * the list, opens, edits and deletes it; an organiser posts as the neighbourhood and a visitor sees it on the
 * neighbourhood's page, after a neighbour replied to it from its page. Screenshot, {@code <html lang>}, no sideways scrolling and axe-core at every page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoticePagesBrowserTest {
    private static final String PASSWORD = "correct horse battery";
    private TestNode node;
    private final Map<String, org.mutua.server.members.Member> writers = new java.util.HashMap<>();

    @BeforeAll
    void start() {
        Browser.requireTools();
        node = TestNode.start(Map.of());
        for (String lang : new String[] {"en", "es"}) {
            node.await(node.node.services().members().create("vecina_" + lang, MemberRole.MEMBER, PASSWORD));
            node.await(node.node.services().members().create("organiser_" + lang, MemberRole.COORDINATOR, PASSWORD));
            writers.put(lang, node.await(node.node.services().members().create("writer_" + lang, MemberRole.MEMBER, PASSWORD)));
        }
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @ParameterizedTest(name = "phone {0}")
    @ValueSource(strings = {"en", "es"})
    void memberWritesReadsEditsAndDeletesANoticeOnAPhone(String lang) {
        String other = "es".equals(lang) ? "en" : "es";
        String text = "es".equals(lang) ? "¿Alguien tiene una escalera? La necesito el jueves por la tarde."
            : "Does anyone have a ladder? I need it on Thursday afternoon.";
        String edited = "es".equals(lang) ? "Ya tengo escalera, ¡gracias a todas!" : "I have a ladder now, thank you all!";
        try (Browser b = new Browser(node.baseUrl, Viewport.PHONE, lang, other)) {
            b.openAndLogIn("vecina_" + lang, PASSWORD);

            b.clickAndWait(b.navLink("/notices"));
            b.waitForText(b.t("notices.intro"));
            b.checkPage("notices-list");
            b.clickAndWait(b.wait.until(d -> d.findElement(By.cssSelector("#main a[href='/notices/new']"))));
            b.waitForText(b.t("notices.privacyAdmins"));
            assertTrue(b.byId("visibility-followers").isSelected(), "followers-only is the default");
            assertTrue(b.driver.findElements(By.id("as-neighbourhood")).isEmpty(), "members post as themselves");
            b.checkPage("notice-new");

            // A mistake first: only spaces (an empty box the browser itself refuses, as the textarea is required).
            b.type(By.id("content"), "   ");
            b.clickAndWait(b.submitOf("/notices"));
            b.waitForText(b.t("form.errorSummaryTitle"));
            assertEquals("true", b.byId("content").getDomAttribute("aria-invalid"));
            b.waitForText(b.t("error.content.required"));
            b.checkPage("notice-new-error");

            b.type(By.id("content"), text);
            b.clickAndWait(b.submitOf("/notices"));
            b.waitForText(b.t("notice.noticePublished"));
            b.waitForText(text);
            String url = b.driver.getCurrentUrl();
            String id = url.substring(url.lastIndexOf("/o/") + 3);
            b.waitForText(b.t("notices.visibility.followers"));
            b.checkPage("notice");

            b.clickAndWait(b.navLink("/notices"));
            b.waitForText(text);
            b.checkPage("notices-with-one");
            b.clickAndWait(b.wait.until(d -> d.findElement(By.cssSelector("#main li.post-card a[href='/o/" + id + "']"))));
            b.waitForText(text);

            b.clickAndWait(b.wait.until(d -> d.findElement(By.cssSelector("#main a[href='/notices/" + id + "/edit']"))));
            b.waitForText(b.t("notices.editHeading"));
            b.checkPage("notice-edit");
            b.type(By.id("content"), edited);
            b.clickAndWait(b.submitOf("/notices/" + id + "/edit"));
            b.waitForText(b.t("notice.noticeSaved"));
            b.waitForText(edited);
            b.waitForText(b.t("notices.edited"));
            b.checkPage("notice-edited");

            b.clickAndWait(b.wait.until(d -> d.findElement(By.cssSelector("#main a[href='/notices/" + id + "/delete']"))));
            b.waitForText(b.t("notices.deleteCopies"));
            b.checkPage("notice-delete");
            b.clickAndWait(b.submitOf("/notices/" + id + "/delete"));
            b.waitForText(b.t("notice.noticeDeleted"));
            assertFalse(b.mainText().contains(edited), "gone from the list");
            b.checkPage("notices-after-delete");
            b.open("/o/" + id);
            b.waitForText(b.t("error.notice.deleted"));
            b.checkPage("notice-gone");

            // An organiser posts for the neighbourhood; a visitor sees it on the neighbourhood's page.
            String news = "es".equals(lang) ? "Asamblea del barrio el sábado a las 11 en la plaza." : "Neighbourhood assembly on Saturday at 11 in the square.";
            b.driver.manage().deleteAllCookies();
            b.openAndLogIn("organiser_" + lang, PASSWORD);
            b.open("/notices/new");
            b.waitForText(b.t("notices.field.as"));
            b.type(By.id("content"), news);
            click(b, "visibility-public");
            click(b, "as-neighbourhood");
            b.checkPage("notice-new-organiser");
            b.clickAndWait(b.submitOf("/notices"));
            b.waitForText(b.t("notice.noticePublished"));
            b.waitForText(news);
            String newsPage = b.driver.getCurrentUrl().substring(b.driver.getCurrentUrl().lastIndexOf("/o/"));

            // A neighbour replies from the notice's page, with the form under it.
            String answer = "es".equals(lang) ? "Allí estaré, llevo sillas." : "I will be there and bring chairs.";
            b.driver.manage().deleteAllCookies();
            b.openAndLogIn("vecina_" + lang, PASSWORD);
            b.open(newsPage);
            b.waitForText(b.t("notices.replyField.hint", org.mutua.server.notices.NoticeText.MAX));
            b.checkPage("notice-reply-form");
            b.type(By.id("content"), answer);
            b.clickAndWait(b.submitOf(newsPage + "/replies"));
            b.waitForText(b.t("notice.replySent"));
            b.waitForText(answer);
            assertTrue(b.driver.findElements(By.cssSelector("#main li.post-card .post-author a[href='/u/vecina_" + lang + "']")).size() == 1,
                "her name links to her profile");
            b.checkPage("notice-replied");

            b.driver.manage().deleteAllCookies();
            b.open("/?lang=" + lang);
            b.waitForText(b.t("home.noticesTitle"));
            b.waitForText(news);
            b.checkPage("neighbourhood-page");
            b.clickAndWait(b.wait.until(d -> d.findElement(By.cssSelector("#main li.post-card a[href^='/o/']"))));
            b.waitForText(news);
            assertTrue(b.driver.findElements(By.cssSelector("#main a[href$='/edit']")).isEmpty(), "visitors cannot change it");
            b.checkPage("neighbourhood-notice-public");
        }
    }

    @ParameterizedTest(name = "phone {0}")
    @ValueSource(strings = {"en", "es"})
    void aLongListOfNoticesIsPagedWithLinksBothWaysOnAPhone(String lang) {
        String writer = "writer_" + lang;
        String token = node.await(node.node.services().tokens().issue(writers.get(lang)));
        org.mutua.server.testing.Http api = new org.mutua.server.testing.Http(node.baseUrl);
        for (int i = 0; i <= org.mutua.server.notices.NoticePages.LIST_LIMIT; i++) {
            var r = api.postJson("/api/mutua/v1/notices", new io.vertx.core.json.JsonObject().put("content", "Notice " + i)
                .put("visibility", "local").encode(), "Authorization", "Bearer " + token);
            assertEquals(201, r.statusCode(), r.body());
        }
        try (Browser b = new Browser(node.baseUrl, Viewport.PHONE, lang, "es".equals(lang) ? "en" : "es")) {
            b.openAndLogIn(writer, PASSWORD);
            b.clickAndWait(b.navLink("/notices"));
            b.waitForText(b.t("notices.older"));
            b.checkPage("notices-paged-first");
            b.clickAndWait(b.wait.until(d -> d.findElement(By.cssSelector("#main nav.pager a[rel=next]"))));
            b.waitForText(b.t("notices.newer"));
            b.waitForText("Notice 0");
            b.checkPage("notices-paged-second");
            b.clickAndWait(b.wait.until(d -> d.findElement(By.cssSelector("#main nav.pager a[rel=prev]"))));
            b.waitForText("Notice " + org.mutua.server.notices.NoticePages.LIST_LIMIT);
        }
    }

    private static void click(Browser b, String id) {
        WebElement e = b.byId(id);
        b.click(e);
        assertTrue(e.isSelected(), id + " chosen");
    }
}
