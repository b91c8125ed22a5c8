package org.mutua.server.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mutua.server.browser.Browser.Viewport;
import org.mutua.server.testing.TestNode;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A neighbour on a phone, in every shipped language: the phone capitalises the username's first letter ("Carmen"),
 * a first try gets every field's problem at once, the second joins; then too many wrong passwords give one plain
 * message with the wait, and the right password after it logs in. axe-core, lang and width checks at every page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignUpAndLogInOnAPhoneBrowserTest {
    private static final String PASSWORD = "correct horse battery";
    private TestNode node;

    @BeforeAll
    void start() {
        Browser.requireTools();
        node = TestNode.start(Map.of("MUTUA_REGISTRATION_MODE", "open"));
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @ParameterizedTest(name = "phone {0}")
    @ValueSource(strings = {"en", "es"})
    void capitalisedNameJoinsAndTheWaitAfterWrongPasswordsIsOneMessage(String lang) throws Exception {
        String typed = "Carmen_" + lang;
        String stored = typed.toLowerCase(java.util.Locale.ROOT);
        try (Browser b = new Browser(node.baseUrl, Viewport.PHONE, lang, lang)) {
            b.open("/signup?lang=" + lang);
            b.waitForText(b.t("signup.heading"));
            WebElement username = b.byId("username");
            assertEquals("none", username.getDomAttribute("autocapitalize"));
            assertEquals("off", username.getDomAttribute("autocorrect"));
            assertEquals("false", username.getDomAttribute("spellcheck"));
            b.checkPage("signup");

            // A reserved name and a short password: both problems come back together.
            b.type(By.id("username"), "Admin");
            b.type(By.id("displayName"), "Carmen");
            b.type(By.id("password"), "short");
            b.clickAndWait(b.submitOf("/signup"));
            b.waitForText(b.t("error.username.reserved"));
            b.waitForText(b.t("error.password.tooShort"));
            assertEquals(2, b.driver.findElements(By.cssSelector(".error-summary li")).size(), b.mainText());
            b.checkPage("signup-two-errors");

            b.type(By.id("username"), typed);
            b.type(By.id("password"), PASSWORD);
            b.clickAndWait(b.submitOf("/signup"));
            assertTrue(Boolean.TRUE.equals(b.driver.executeScript("return document.getElementById('username') === null")),
                "the browser's own pattern let the capital through: " + b.mainText());
            b.waitForText(b.t("signupDone.welcomeHeading"));
            b.checkPage("signup-done");

            b.open("/login?lang=" + lang);
            for (int i = 0; i < node.config.loginMaxFailures(); i++) {
                b.logIn(typed, "not my password " + i);
                b.waitForText(b.t("error.login.failed"));
            }
            b.checkPage("login-failed");
            b.logIn(typed, PASSWORD);
            b.waitForText(b.t("login.rateLimitedTitle"));
            assertEquals(1, b.driver.findElements(By.cssSelector(".error-summary")).size(), "one box: " + b.mainText());
            assertTrue(b.mainText().contains(b.t("login.rateLimitedText", 1)), b.mainText());
            b.checkPage("login-wait");

            Thread.sleep(1100);
            b.logIn(typed, PASSWORD);
            b.waitForText(b.t("notice.loggedIn"));
            assertEquals(stored, node.await(node.node.services().members().profile(stored)).orElseThrow().member().username());
            b.checkPage("logged-in");
        }
    }
}
