package org.mutua.server.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.mutua.web.Messages;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium (driven through Debian's chromedriver; Selenium Manager never downloads anything) at a
 * phone or desktop size, with the page checks every browser test runs: screenshot, {@code <html lang>}, no sideways
 * scrolling on a phone, and axe-core (no serious or critical violations).
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    /** Relative to the server module, where Maven runs the tests. */
    static final Path AXE = Path.of("..", "web", "a11y", "node_modules", "axe-core", "axe.min.js");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String PHONE_AGENT = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "Chrome/130.0.0.0 Mobile Safari/537.36";
    private static String axeSource;

    /** The two screen sizes every browser test covers. */
    enum Viewport {
        PHONE(390, 844, true), DESKTOP(1280, 900, false);

        final int width;
        final int height;
        final boolean mobile;

        Viewport(int width, int height, boolean mobile) {
            this.width = width;
            this.height = height;
            this.mobile = mobile;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    final ChromeDriver driver;
    final WebDriverWait wait;
    final Viewport viewport;
    final String lang;
    final Messages msg;
    final String baseUrl;
    private final Path profileDir;
    private final List<String> findings = new ArrayList<>();
    private int pageNumber;
    private long lastCheck = System.nanoTime();

    /**
     * A fresh browser whose own language (Accept-Language) is {@code browserLanguage}; the pages are expected in
     * {@code lang}.
     */
    Browser(String baseUrl, Viewport viewport, String lang, String browserLanguage) {
        requireTools();
        this.baseUrl = baseUrl;
        this.viewport = viewport;
        this.lang = lang;
        this.msg = Messages.forLanguage(lang);
        try {
            this.profileDir = Files.createTempDirectory("mutua-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--disable-default-apps", "--disable-extensions", "--user-data-dir=" + profileDir, "--lang=" + browserLanguage,
            // mutua.css scrolls smoothly unless the reader asks for reduced motion. Smooth, a scroll (ours or
            // chromedriver's own before a click) returns at once while the page is still moving, and the click lands
            // where the element was: "not clickable at point (28, 864)" on a 844 px phone, the box still below the fold.
            "--force-prefers-reduced-motion");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", browserLanguage));
        if (viewport.mobile) {
            options.setExperimentalOption("mobileEmulation", Map.of(
                "deviceMetrics", Map.of("width", viewport.width, "height", viewport.height, "pixelRatio", 2.0, "touch", true, "mobile", true),
                "userAgent", PHONE_AGENT));
        } else {
            options.addArguments("--window-size=" + viewport.width + "," + viewport.height);
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30)).pageLoadTimeout(Duration.ofSeconds(30));
        if (!viewport.mobile) {
            // --window-size sets the outer window; make the page itself exactly the desktop size.
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", viewport.width, "height", viewport.height, "deviceScaleFactor", 1, "mobile", false));
        }
        this.wait = newWait();
        if (!Boolean.TRUE.equals(driver.executeScript("return matchMedia('(prefers-reduced-motion: reduce)').matches"))) {
            driver.quit();
            fail(CHROMIUM + " ignored --force-prefers-reduced-motion: the page would scroll smoothly and clicks would miss");
        }
    }

    /** Explicit waits that look often (the default 500 ms between looks adds up over a hundred page steps). */
    WebDriverWait newWait() {
        WebDriverWait w = new WebDriverWait(driver, Duration.ofSeconds(15));
        w.pollingEvery(Duration.ofMillis(50));
        return w;
    }

    /** Missing tools are a failure with the fix, never a silent skip. */
    static void requireTools() {
        for (String tool : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(tool))) {
                fail(tool + " is missing: browser tests need Debian's Chromium and its driver. "
                    + "Run: apt-get install -y chromium chromium-driver");
            }
        }
        axe();
    }

    static synchronized String axe() {
        if (axeSource == null) {
            if (!Files.isRegularFile(AXE)) {
                fail(AXE.toAbsolutePath().normalize() + " is missing: browser tests inject axe-core from npm. "
                    + "Run from the repository root: npm ci --prefix web/a11y");
            }
            try {
                axeSource = Files.readString(AXE, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return axeSource;
    }

    String t(String key, Object... args) {
        return args.length == 0 ? msg.t(key) : msg.t(key, args);
    }

    void open(String path) {
        driver.get(baseUrl + path);
        waitForLoad();
    }

    void waitForLoad() {
        wait.until(d -> "complete".equals(driver.executeScript("return document.readyState")));
    }

    /** Clicks an element after bringing it to the middle of the screen (a phone's fold hides the end of most forms). */
    void click(WebElement element) {
        // Instant whatever the stylesheet says: the element is where it will stay when the click's point is worked out.
        driver.executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element);
        element.click();
    }

    /** Clicks something that submits a form or follows a link, and waits for the next page to be loaded. */
    void clickAndWait(WebElement element) {
        // A mark on the old document's window; it is gone once the browser has loaded the next page. (Waiting for the old
        // element to go stale races with chromedriver: "Node with given id does not belong to the document".)
        driver.executeScript("window.__mutuaOldPage = true");
        click(element);
        newWait().ignoring(WebDriverException.class).until(d -> Boolean.TRUE.equals(driver.executeScript(
            "return window.__mutuaOldPage === undefined && document.readyState === 'complete'")));
    }

    void type(By field, String text) {
        WebElement e = wait.until(ExpectedConditions.elementToBeClickable(field));
        e.clear();
        e.sendKeys(text);
    }

    WebElement byId(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    String mainText() {
        return driver.findElement(By.id("main")).getText();
    }

    /** Waits until the page's main region shows this text. */
    /** Logs in through the page's log-in form. */
    /** Opens the login page in this browser's language, logs in and waits for the "logged in" notice. */
    void openAndLogIn(String username, String password) {
        open("/login?lang=" + lang);
        logIn(username, password);
        waitForText(t("notice.loggedIn"));
    }

    void logIn(String username, String password) {
        type(By.id("username"), username);
        type(By.id("password"), password);
        clickAndWait(submitOf("/login"));
    }

    /** The submit button of the page's form posting to {@code action} (not the header's log-out form). */
    WebElement submitOf(String action) {
        return wait.until(d -> d.findElement(By.cssSelector("#main form[action='" + action + "'] button[type=submit]")));
    }

    /** A link in the site's main navigation (its label is translated; its address is not). */
    WebElement navLink(String href) {
        return wait.until(d -> d.findElement(By.cssSelector("nav.site-nav a[href='" + href + "']")));
    }

    void waitForText(String text) {
        newWait().withMessage(() -> "expected \"" + text + "\" in the page; main says:\n" + mainText())
            .until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), text));
    }

    /** The checks for every page: screenshot first (so a failing page is still on disk), then lang, width and axe. */
    void checkPage(String name) {
        waitForLoad();
        long t0 = System.nanoTime();
        String file = String.format("%s-%s-%02d-%s.png", viewport.label(), lang, ++pageNumber, name);
        screenshot(file);
        long t1 = System.nanoTime();
        String where = file + " (" + driver.getCurrentUrl() + ")";
        assertEquals(lang, driver.executeScript("return document.documentElement.lang"), where + ": <html lang>");
        if (viewport.mobile) {
            Number scrollWidth = (Number) driver.executeScript("return document.documentElement.scrollWidth");
            Number innerWidth = (Number) driver.executeScript("return window.innerWidth");
            assertTrue(scrollWidth.longValue() <= innerWidth.longValue() && scrollWidth.longValue() <= viewport.width,
                where + ": scrolls sideways on a phone: scrollWidth " + scrollWidth + ", innerWidth " + innerWidth);
        }
        long t2 = System.nanoTime();
        axeCheck(where);
        // WebDriver's own scripts (axe above) are exempt from the page's CSP, but a script the page itself adds is not.
        assertEquals(Boolean.TRUE, driver.executeScript("""
            const s = document.createElement('script');
            s.textContent = 'window.__mutuaInline = true';
            document.head.appendChild(s);
            s.remove();
            return window.__mutuaInline === undefined;
            """), where + ": the Content-Security-Policy lets an inline script run");
        long t3 = System.nanoTime();
        System.out.printf("[timing] %s: getting there %d ms, screenshot %d ms, lang/width %d ms, axe %d ms%n", file,
            (t0 - lastCheck) / 1_000_000, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        lastCheck = t3;
    }

    /** Full-page PNG through Chromium's own screenshot command (Selenium's shows only the viewport). */
    private void screenshot(String file) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Object before = driver.executeScript("return [window.innerWidth, window.innerHeight]");
            @SuppressWarnings("unchecked")
            Map<String, Object> metrics = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
            double width = Math.max(((Number) size.get("width")).doubleValue(), viewport.width);
            double height = Math.max(((Number) size.get("height")).doubleValue(), viewport.height);
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
            Files.write(SCREENSHOTS.resolve(file), Base64.getDecoder().decode((String) shot.get("data")));
            // Capturing beyond the viewport briefly resizes it; clicking before it is back misses ("not clickable at point").
            wait.until(d -> before.equals(driver.executeScript("return [window.innerWidth, window.innerHeight]")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Injects axe-core (WebDriver scripts are not subject to the page's CSP) and fails on serious or critical findings. */
    @SuppressWarnings("unchecked")
    void axeCheck(String where) {
        if (!Boolean.TRUE.equals(driver.executeScript("return typeof window.axe === 'object'"))) {
            driver.executeScript(axe());
        }
        Object result = driver.executeAsyncScript("""
            const done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']})
              .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.map(n => ({target: JSON.stringify(n.target), summary: n.failureSummary || ''}))}))))
              .catch(e => done('axe failed: ' + e));
            """);
        if (result instanceof String error) {
            fail(where + ": " + error);
        }
        List<String> blocking = new ArrayList<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) result) {
            StringBuilder line = new StringBuilder().append(v.get("impact")).append(' ').append(v.get("id")).append(": ").append(v.get("help"));
            for (Map<String, Object> n : (List<Map<String, Object>>) v.get("nodes")) {
                line.append("\n      at ").append(n.get("target")).append(" — ").append(String.valueOf(n.get("summary")).replace("\n", " "));
            }
            String text = where + ": " + line;
            findings.add(text);
            System.out.println("[axe] " + text);
            if ("serious".equals(v.get("impact")) || "critical".equals(v.get("impact"))) {
                blocking.add(line.toString());
            }
        }
        if (!blocking.isEmpty()) {
            fail(where + ": axe-core found serious or critical accessibility problems:\n  " + String.join("\n  ", blocking));
        }
    }

    /** Every axe finding so far, including moderate and minor ones that do not fail the test. */
    List<String> findings() {
        return List.copyOf(findings);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profileDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory left behind is harmless
            }
        }
    }
}
