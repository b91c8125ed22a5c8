package org.mutua.server.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
import org.mutua.server.testing.TestNode;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The pages people see when something is not right: an address that does not exist and a wrong password, on a phone and
 * a desktop, in English and Spanish, in the light and the dark colour scheme (axe checks contrast in both).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorPagesBrowserTest {
    private TestNode node;

    @BeforeAll
    void start() {
        Browser.requireTools();
        // Every wrong password here comes from 127.0.0.1; keep the per-client limit out of the way.
        node = TestNode.start(Map.of("MUTUA_LOGIN_MAX_FAILURES", "100"));
        node.await(node.node.services().members().create("bea", MemberRole.MEMBER, "correct horse battery"));
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
    void notFoundAndWrongPassword(Viewport viewport, String lang) {
        try (Browser b = new Browser(node.baseUrl, viewport, lang, lang)) {
            for (String scheme : List.of("light", "dark")) {
                b.driver.executeCdpCommand("Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
                String suffix = "light".equals(scheme) ? "" : "-dark";

                b.open("/no-such-page/here?lang=" + lang);
                assertEquals(b.t("error.notFoundHeading"), b.driver.findElement(By.tagName("h1")).getText());
                b.waitForText(b.t("error.code", "404"));
                b.waitForText(b.t("error.notFound"));
                b.checkPage("errors-not-found" + suffix);

                b.clickAndWait(b.wait.until(d -> d.findElement(By.cssSelector("nav.site-nav a[href='/login']"))));
                b.waitForText(b.t("login.heading"));
                b.checkPage("errors-login" + suffix);
                b.type(By.id("username"), "bea");
                b.type(By.id("password"), "not the right password");
                b.clickAndWait(b.driver.findElement(By.cssSelector("#main form[action='/login'] button[type=submit]")));
                WebElement summary = b.wait.until(d -> d.findElement(By.cssSelector("#main .error-summary[role=alert]")));
                assertTrue(summary.getText().contains(b.t("form.errorSummaryTitle")), summary.getText());
                assertTrue(summary.getText().contains(b.t("error.login.failed")), summary.getText());
                assertEquals("bea", b.byId("username").getDomProperty("value"), "the username is kept");
                assertEquals("", b.byId("password").getDomProperty("value"), "the password is never sent back");
                assertEquals(null, b.driver.manage().getCookieNamed("mutua_session"), "not logged in");
                b.checkPage("errors-login-failed" + suffix);
            }
        }
    }
}
