package org.mutua.server.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
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
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * A neighbour's first days on a node that approves sign-ups, in a real Chromium: asks to join, cannot log in yet, is
 * approved by an organiser, logs in, edits their settings (time zone included) and profile, revokes an app's API
 * token, logs out. On a phone and a desktop, in English
 * and Spanish, with a screenshot, an {@code <html lang>} check and an axe-core check at every page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemberJourneyBrowserTest {
    private static final String PASSWORD = "correct horse battery";
    private static final String ADMIN = "alice";
    private TestNode node;

    @BeforeAll
    void start() {
        Browser.requireTools();
        node = TestNode.start(Map.of("MUTUA_REGISTRATION_MODE", "approval"));
        node.await(node.node.services().members().create(ADMIN, MemberRole.ADMIN, PASSWORD));
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
    void neighbourJoinsIsApprovedEditsProfileAndLogsOut(Viewport viewport, String lang) {
        String username = "ana_" + viewport.label() + "_" + lang;
        String firstName = "es".equals(lang) ? "Ana Pérez" : "Ann Perry";
        String newName = "es".equals(lang) ? "Ana Lucía Pérez" : "Ann L. Perry";
        String other = "es".equals(lang) ? "en" : "es";
        // The browser itself asks for the other language, so every page in `lang` proves the ?lang= choice
        // (a cookie) or the member's own setting is what counts.
        try (Browser b = new Browser(node.baseUrl, viewport, lang, other)) {
            // 1. A neighbour finds the node and asks to join.
            b.open("/?lang=" + lang);
            b.waitForText(b.t("home.heading", "Eastside Mutual Aid"));
            b.checkPage("home");
            b.clickAndWait(b.driver.findElement(By.linkText(b.t("home.join.approvalButton"))));
            b.waitForText(b.t("signup.heading"));
            b.checkPage("signup");
            b.type(By.id("username"), username);
            b.type(By.id("displayName"), firstName);
            b.type(By.id("password"), PASSWORD);
            b.type(By.id("reason"), "es".equals(lang) ? "Vivo en la calle Mayor, 12." : "I live on Mill Street.");
            b.clickAndWait(b.submitOf("/signup"));
            assertTrue(b.driver.getCurrentUrl().contains("/signup/done?pending=true"), b.driver.getCurrentUrl());
            b.waitForText(b.t("signupDone.pendingHeading"));
            b.checkPage("signup-done");

            // 2. Too early: the log-in page says the request is still waiting.
            b.clickAndWait(b.navLink("/login"));
            b.waitForText(b.t("login.heading"));
            b.checkPage("login");
            b.logIn(username, PASSWORD);
            b.waitForText(b.t("error.login.pending"));
            b.checkPage("login-pending");

            // 3. An organiser, on their own device (no cookies from the neighbour), approves the request.
            b.driver.manage().deleteAllCookies();
            b.open("/login?lang=" + lang);
            b.waitForText(b.t("login.heading"));
            b.checkPage("admin-login");
            b.logIn(ADMIN, PASSWORD);
            b.waitForText(b.t("notice.loggedIn"));
            b.checkPage("admin-home");
            b.clickAndWait(b.navLink("/admin"));
            b.waitForText(b.t("admin.pendingTitle"));
            By approve = By.cssSelector("form[action='/admin/members/" + username + "/approve'] button[type=submit]");
            WebElement approveButton = b.wait.until(d -> d.findElement(approve));
            assertTrue(approveButton.getText().startsWith(b.t("admin.approve")), approveButton.getText());
            assertTrue(b.mainText().contains(firstName + " (" + username + ")"), "the pending neighbour is listed");
            b.checkPage("admin");
            b.clickAndWait(b.driver.findElement(approve));
            b.waitForText(b.t("notice.memberApproved", username));
            assertTrue(b.driver.findElements(approve).isEmpty(), "no longer waiting");
            b.checkPage("admin-approved");
            b.clickAndWait(logoutButton(b));
            b.waitForText(b.t("notice.loggedOut"));
            b.checkPage("admin-logged-out");

            // 4. The neighbour logs in, edits their settings and looks at their profile.
            b.clickAndWait(b.navLink("/login"));
            b.waitForText(b.t("login.heading"));
            b.logIn(username, PASSWORD);
            b.waitForText(b.t("notice.loggedIn"));
            b.waitForText(b.t("home.welcomeBack", firstName));
            b.checkPage("home-welcome");
            // A phone app of theirs logs in to the API too: its token shows on the settings page, revocable there.
            String tokenId = apiTokenId(username);
            b.clickAndWait(b.navLink("/settings"));
            b.waitForText(b.t("settings.heading"));
            assertEquals(firstName, b.byId("displayName").getDomProperty("value"));
            b.checkPage("settings");
            b.type(By.id("displayName"), newName);
            b.type(By.id("bio"), "I can fix bikes on Saturdays. <script>alert(1)</script> Tea & cake < 3 pm");
            WebElement speaks = b.byId("languages-" + lang);
            if (!speaks.isSelected()) {
                // With the longer member navigation the box can sit just below a phone's fold.
                b.click(speaks);
            }
            new Select(b.byId("uiLanguage")).selectByValue(lang);
            new Select(b.byId("timeZone")).selectByValue("Asia/Tokyo");
            b.clickAndWait(b.submitOf("/settings"));
            assertNoAlert(b);
            b.waitForText(b.t("settings.saved"));
            assertEquals(newName, b.byId("displayName").getDomProperty("value"));
            assertEquals(lang, new Select(b.byId("uiLanguage")).getFirstSelectedOption().getDomProperty("value"));
            assertEquals("Asia/Tokyo", new Select(b.byId("timeZone")).getFirstSelectedOption().getDomProperty("value"));
            WebElement created = b.driver.findElement(By.cssSelector("#tokens-heading ~ ul time"));
            assertTrue(created.getText().endsWith(" JST"), "times in the member's zone: " + created.getText());
            b.checkPage("settings-saved");
            b.clickAndWait(b.submitOf("/settings/tokens/" + tokenId + "/revoke"));
            b.waitForText(b.t("notice.tokenRevoked"));
            b.waitForText(b.t("tokens.none"));
            b.checkPage("settings-token-revoked");

            b.clickAndWait(b.navLink("/u/" + username));
            assertNoAlert(b);
            assertEquals(newName, b.driver.findElement(By.id("profile-name")).getText());
            WebElement bio = b.driver.findElement(By.cssSelector("#main .bio"));
            String bioText = bio.getText();
            // Names and bios are plain text (ProfileText): tags are removed before storage, everything else is shown as
            // typed (escaped), and nothing else ends up in the bio box.
            assertEquals("I can fix bikes on Saturdays. Tea & cake < 3 pm", bioText);
            assertTrue(b.driver.findElements(By.cssSelector("#main script, #main [onerror], #main [onload]")).isEmpty());
            assertEquals(0L, b.driver.executeScript("return document.scripts.length"), "no script runs on a profile");
            b.checkPage("profile");

            // The member's own setting beats this browser's language choice (the header's language switch sets a cookie).
            b.clickAndWait(languageLink(b, other));
            assertEquals(newName, b.driver.findElement(By.id("profile-name")).getText());
            b.checkPage("profile-setting-wins");
            b.clickAndWait(languageLink(b, lang));
            b.checkPage("profile-again");

            // A neighbour's profile has a Follow button (a local follow: no network); she asks, and it waits for them.
            b.open("/u/" + ADMIN);
            b.checkPage("neighbour-profile");
            b.clickAndWait(b.submitOf("/people/follow"));
            assertNoAlert(b);
            b.open("/u/" + ADMIN);
            b.waitForText(b.t("follow.state.pending"));
            b.checkPage("neighbour-profile-asked");

            // 5. Logs out.
            b.clickAndWait(logoutButton(b));
            b.waitForText(b.t("notice.loggedOut"));
            b.waitForText(b.t("home.join.approval"));
            assertTrue(b.driver.findElements(By.cssSelector("form[action='/logout']")).isEmpty(), "logged out");
            assertTrue(b.driver.manage().getCookieNamed("mutua_session") == null, "session cookie gone");
            b.checkPage("logged-out");
        }
    }

    private String apiTokenId(String username) {
        Http api = new Http(node.baseUrl);
        String token = Http.json(api.postJson("/api/mutua/v1/tokens",
            new JsonObject().put("username", username).put("password", PASSWORD).encode())).getString("token");
        return Http.json(api.get("/api/mutua/v1/tokens", "Authorization", "Bearer " + token)).getJsonArray("items").getJsonObject(0).getString("id");
    }

    private static WebElement languageLink(Browser b, String lang) {
        return b.wait.until(d -> d.findElement(By.cssSelector("nav.language-switch a[hreflang='" + lang + "']")));
    }

    private static WebElement logoutButton(Browser b) {
        WebElement button = b.wait.until(d -> d.findElement(By.cssSelector("nav.site-nav form[action='/logout'] button")));
        assertEquals(b.t("nav.logout"), button.getText());
        return button;
    }

    private static void assertNoAlert(Browser b) {
        assertThrows(NoAlertPresentException.class, () -> b.driver.switchTo().alert(), "a script typed into the bio ran");
    }
}
