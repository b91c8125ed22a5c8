package org.mutua.server.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mutua.server.browser.Browser.Viewport;
import org.mutua.server.members.MemberRole;
import org.mutua.server.members.MemberStatus;
import org.mutua.server.testing.TestNode;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * An organiser helps a neighbour who forgot their password, on a phone and a desktop, in English and Spanish: the
 * members list fits the screen (cards, no sideways scrolling), the password link is made and used once, an account is
 * paused and restored and a role changed, all without JavaScript; axe-core and the page checks at every step.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganiserPagesBrowserTest {
    private static final String PASSWORD = "correct horse battery";
    private static final String NEW_PASSWORD = "my new long sentence";
    private static final String ORGANISER = "olga";
    private TestNode node;

    @BeforeAll
    void start() {
        Browser.requireTools();
        node = TestNode.start(Map.of());
        node.await(node.node.services().members().create("ada", MemberRole.ADMIN, PASSWORD));
        node.await(node.node.services().members().create(ORGANISER, MemberRole.COORDINATOR, PASSWORD));
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    static Stream<Arguments> combinations() {
        return Stream.of(Viewport.PHONE, Viewport.DESKTOP).flatMap(v -> Stream.of("en", "es").map(lang -> Arguments.of(v, lang)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("combinations")
    void organiserMakesAPasswordLinkPausesRestoresAndChangesARole(Viewport viewport, String lang) {
        String neighbour = "nora_" + viewport.label() + "_" + lang;
        // A long unbroken name: the card must wrap it rather than widen the page.
        node.await(node.node.services().members().create(neighbour, MemberRole.MEMBER, PASSWORD));
        try (Browser b = new Browser(node.baseUrl, viewport, lang, lang)) {
            b.openAndLogIn(ORGANISER, PASSWORD);
            b.clickAndWait(b.navLink("/admin"));
            b.waitForText(b.t("admin.membersTitle"));
            assertTrue(b.driver.findElements(By.cssSelector("#main table")).isEmpty(), "members are cards, not a table");
            b.checkPage("organise");

            // 1. A password link, shown once to pass on.
            openHelp(b, neighbour);
            b.checkPage("organise-help-open");
            b.clickAndWait(b.driver.findElement(By.cssSelector("form[action='/admin/members/" + neighbour + "/password-link'] button")));
            b.waitForText(b.t("admin.passwordLinkTitle", neighbour));
            String link = b.byId("password-link-url").getDomProperty("value");
            assertTrue(link.startsWith(node.baseUrl + "/password-link?key="), link);
            b.checkPage("organise-password-link");

            // 2. The neighbour, on their own phone, opens it and chooses a new password.
            b.driver.manage().deleteAllCookies();
            b.driver.get(link);
            b.waitForLoad();
            b.waitForText(b.t("passwordLink.heading"));
            b.checkPage("password-link");
            b.type(By.id("password"), NEW_PASSWORD);
            b.clickAndWait(b.submitOf("/password-link"));
            b.waitForText(b.t("notice.passwordChanged"));
            b.checkPage("password-link-done");
            b.logIn(neighbour, NEW_PASSWORD);
            b.waitForText(b.t("notice.loggedIn"));

            // 3. Used once: the same link now says it does not work.
            b.driver.manage().deleteAllCookies();
            b.driver.get(link);
            b.waitForLoad();
            b.waitForText(b.t("error.passwordLink.invalid"));
            b.checkPage("password-link-used");

            // 4. The organiser pauses the account, restores it and makes the neighbour an organiser.
            b.openAndLogIn(ORGANISER, PASSWORD);
            b.open("/admin");
            openHelp(b, neighbour);
            b.clickAndWait(b.driver.findElement(By.cssSelector("form[action='/admin/members/" + neighbour + "/suspend'] button")));
            b.waitForText(b.t("notice.memberSuspended", neighbour));
            assertEquals(MemberStatus.SUSPENDED, status(neighbour));
            b.checkPage("organise-paused");
            openHelp(b, neighbour);
            b.clickAndWait(b.driver.findElement(By.cssSelector("form[action='/admin/members/" + neighbour + "/restore'] button")));
            b.waitForText(b.t("notice.memberRestored", neighbour));
            assertEquals(MemberStatus.ACTIVE, status(neighbour));
            openHelp(b, neighbour);
            new Select(b.byId("role-" + neighbour)).selectByValue("coordinator");
            b.clickAndWait(b.driver.findElement(By.cssSelector("form[action='/admin/members/" + neighbour + "/role'] button")));
            b.waitForText(b.t("notice.roleChanged", neighbour));
            WebElement card = b.driver.findElement(By.id("member-" + neighbour));
            assertTrue(card.getText().contains(b.t("role.coordinator")), card.getText());
            b.checkPage("organise-role-changed");
        }
    }

    private MemberStatus status(String name) {
        return node.await(node.node.services().members().profile(name)).orElseThrow().member().status();
    }

    /** The account's help opens with a tap on its summary (a details element: no script). */
    private static void openHelp(Browser b, String username) {
        WebElement summary = b.wait.until(d -> d.findElement(By.cssSelector("#member-" + username + " details summary")));
        b.click(summary);
        b.wait.until(d -> d.findElement(By.cssSelector("#member-" + username + " details")).getDomAttribute("open") != null);
    }
}
