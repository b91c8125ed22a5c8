package org.mutua.server.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mutua.server.browser.Browser.Viewport;
import org.mutua.server.interop.FedifyPeer;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.TestNode;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The people and followers pages in a real Chromium on a phone, in English and Spanish, against a Fedify peer: search
 * (with a mistake first), follow, the followers page with a request to accept, and an organiser's neighbourhood
 * sections, removing a follower. Screenshot, {@code <html lang>}, no sideways scrolling and axe-core at every page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FollowPagesBrowserTest {
    private static final String PASSWORD = "correct horse battery";
    private TestNode node;
    private FedifyPeer peer;

    @BeforeAll
    void start() throws Exception {
        Browser.requireTools();
        node = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true"));
        peer = FedifyPeer.start("--actors", "alice,bob");
        for (String lang : new String[] {"en", "es"}) {
            node.await(node.node.services().members().create("member_" + lang, MemberRole.MEMBER, PASSWORD));
            node.await(node.node.services().members().create("organiser_" + lang, MemberRole.COORDINATOR, PASSWORD));
        }
    }

    @AfterAll
    void stop() {
        if (peer != null) {
            peer.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @ParameterizedTest(name = "phone {0}")
    @ValueSource(strings = {"en", "es"})
    void memberFindsFollowsAndAcceptsAFollowerOnAPhone(String lang) {
        String member = "member_" + lang;
        String other = "es".equals(lang) ? "en" : "es";
        try (Browser b = new Browser(node.baseUrl, Viewport.PHONE, lang, other)) {
            b.openAndLogIn(member, PASSWORD);

            // People: a mistake first, then the peer's user by profile URL.
            b.clickAndWait(b.navLink("/people"));
            b.waitForText(b.t("people.heading"));
            b.checkPage("people");
            b.type(By.id("target"), "not a handle");
            b.clickAndWait(b.submitOf("/people/search"));
            b.waitForText(b.t("form.errorSummaryTitle"));
            assertEquals("true", b.byId("target").getDomAttribute("aria-invalid"));
            b.checkPage("people-error");
            b.type(By.id("target"), peer.actor("alice"));
            b.clickAndWait(b.submitOf("/people/search"));
            b.waitForText(b.t("people.foundTitle"));
            b.checkPage("people-found");
            b.clickAndWait(b.submitOf("/people/follow"));
            b.waitForText(b.t("notice.followSent"));
            b.checkPage("people-following");

            // Followers: the peer's bob asks to follow the member (and alice the neighbourhood, for the organiser below).
            peer.control("follow", new JsonObject().put("actor", node.baseUrl + "/u/" + member).put("as", "bob"));
            peer.control("follow", new JsonObject().put("actor", node.baseUrl + "/g/" + node.config.neighbourhoodUsername()).put("as", "alice"));
            b.clickAndWait(b.navLink("/followers"));
            b.waitForText(b.t("followers.heading"));
            for (int i = 0; i < 100 && b.driver.findElements(By.cssSelector("#main form[action$='/accept']")).isEmpty(); i++) {
                sleep(200);
                b.open("/followers");
            }
            WebElement accept = b.wait.until(d -> d.findElement(By.cssSelector("#main form[action$='/accept'] button[type=submit]")));
            assertTrue(b.driver.findElements(By.id("hood-requests-title")).isEmpty(), "members see no neighbourhood section");
            b.checkPage("followers-request");
            b.clickAndWait(accept);
            b.waitForText(b.t("notice.followAccepted"));
            b.checkPage("followers-accepted");

            // The member removes that follower again with the button next to them.
            WebElement remove = b.wait.until(d -> d.findElement(
                By.cssSelector("section[aria-labelledby='followers-title'] form[action$='/remove'] button[type=submit]")));
            b.clickAndWait(remove);
            b.waitForText(b.t("notice.followerRemoved"));
            assertTrue(b.driver.findElements(By.cssSelector("section[aria-labelledby='followers-title'] form[action$='/remove']")).isEmpty(),
                "no longer listed");
            b.checkPage("followers-removed");

            // An organiser also sees the neighbourhood's requests and followers.
            b.driver.manage().deleteAllCookies();
            b.openAndLogIn("organiser_" + lang, PASSWORD);
            b.clickAndWait(b.navLink("/followers"));
            b.waitForText(b.t("followers.hoodRequestsTitle"));
            b.waitForText(b.t("followers.hoodFollowersTitle"));
            for (int i = 0; i < 100 && b.driver.findElements(By.cssSelector("#main form[action$='/accept']")).isEmpty(); i++) {
                sleep(200);
                b.open("/followers");
            }
            assertEquals(1, b.driver.findElements(By.cssSelector("section[aria-labelledby='hood-requests-title'] form[action$='/accept']")).size(),
                "the neighbourhood's request is listed for the organiser");
            b.checkPage("followers-organiser");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
