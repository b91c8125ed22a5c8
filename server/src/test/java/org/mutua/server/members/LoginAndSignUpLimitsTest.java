package org.mutua.server.members;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.MovableClock;
import org.mutua.server.testing.TestNode;

/**
 * Login and sign-up limits as attackers try them: parallel guessing, a stranger trying to lock a member out, a
 * sign-up flood, a made-up X-Forwarded-For. A node behind a trusted proxy (the client address is the last
 * X-Forwarded-For entry) in approval mode, with a clock the test moves instead of waiting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginAndSignUpLimitsTest {
    private static final String PASSWORD = "correct horse battery";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private final MovableClock clock = new MovableClock();
    private TestNode node;
    private Http http;

    @BeforeAll
    void start() {
        node = TestNode.start(Map.of("MUTUA_HTTP_TRUST_PROXY", "true", "MUTUA_REGISTRATION_MODE", "approval",
            "MUTUA_SIGNUP_MAX_PER_CLIENT_PER_HOUR", "3", "MUTUA_SIGNUP_MAX_PER_HOUR", "12"),
            clock, org.mutua.federation.inbox.InboundSchedule.defaults());
        http = new Http(node.baseUrl);
        node.await(node.node.services().members().create("olga", MemberRole.COORDINATOR, PASSWORD));
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private HttpResponse<String> token(String username, String password, String from) {
        return http.postJson("/api/mutua/v1/tokens", new JsonObject().put("username", username).put("password", password).encode(),
            "X-Forwarded-For", from);
    }

    private static long retryAfter(HttpResponse<String> r) {
        return Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow(() -> new AssertionError("no Retry-After: " + r.body())));
    }

    private long members() {
        return node.await(node.node.services().members().list(Optional.empty(), 0, 1)).total();
    }

    @Test
    void parallelGuessingCannotPassTheLimit() throws Exception {
        node.await(node.node.services().members().create("pia", MemberRole.MEMBER, PASSWORD));
        int guesses = 24;
        ExecutorService pool = Executors.newFixedThreadPool(guesses);
        try {
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                String from = "203.0.113." + (i + 1);
                int n = i;
                all.add(CompletableFuture.supplyAsync(() -> token("pia", "guess number " + n, from), pool));
            }
            long wrong = 0;
            long limited = 0;
            for (CompletableFuture<HttpResponse<String>> f : all) {
                int status = f.get().statusCode();
                wrong += status == 401 ? 1 : 0;
                limited += status == 429 ? 1 : 0;
            }
            // The fifth try already sets the first wait; everyone after it in the same instant is refused unchecked.
            assertEquals(node.config.loginMaxFailures(), wrong, "exactly the free tries were checked");
            assertEquals(guesses - wrong, limited);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A guesser trying many usernames leaves a limit row for each; a day later they are gone, a fresh one stays. */
    @Test
    void limitRowsOfAGuesserTryingManyNamesAreForgottenAfterADay() {
        for (int i = 0; i < 20; i++) {
            assertEquals(401, token("nobody" + i, "guess", "198.51.100.77").statusCode());
        }
        clock.advance(Duration.ofDays(2));
        assertEquals(401, token("nobody-now", "guess", "198.51.100.78").statusCode());
        int forgotten = node.await(node.node.services().logins().forgetIdleLimits());
        assertTrue(forgotten >= 21, "the 20 names and the client, at least: " + forgotten);
        assertEquals(0, node.await(node.node.services().logins().forgetIdleLimits()), "the fresh rows stay");
    }

    @Test
    void aStrangerCannotLockTheMemberOut() {
        node.await(node.node.services().members().create("marta", MemberRole.MEMBER, PASSWORD));
        String stranger = "198.51.100.66";
        String marta = "192.0.2.10";
        for (int i = 0; i < node.config.loginMaxFailures(); i++) {
            assertEquals(401, token("marta", "guess " + i, stranger).statusCode());
        }
        // Each further try waits twice as long, at most a minute; a wait is an answer, not a sleeping thread.
        long[] expected = {1, 2, 4, 8, 16, 32, 60, 60};
        for (long wait : expected) {
            HttpResponse<String> early = token("marta", "guess again", stranger);
            assertEquals(429, early.statusCode());
            assertEquals(wait, retryAfter(early));
            clock.advance(Duration.ofSeconds(wait));
            assertEquals(401, token("marta", "guess again", stranger).statusCode());
        }
        HttpResponse<String> tooSoon = token("marta", PASSWORD, marta);
        assertEquals(429, tooSoon.statusCode(), "even the member waits");
        assertTrue(retryAfter(tooSoon) <= 60);
        clock.advance(Duration.ofSeconds(retryAfter(tooSoon)));
        assertEquals(201, token("marta", PASSWORD, marta).statusCode(), "the right password after the wait logs in");
        assertEquals(401, token("marta", "guess once more", stranger).statusCode(), "the member's log-in starts the count afresh");
    }

    @Test
    void aStrangerOnThePagesGetsOnePlainMessageAndTheMemberLogsInAfterTheWait() {
        node.await(node.node.services().members().create("nuria", MemberRole.MEMBER, PASSWORD));
        Http page = new Http(node.baseUrl);
        for (int i = 0; i < node.config.loginMaxFailures(); i++) {
            assertEquals(401, logIn(page, "nuria", "guess " + i, "198.51.100.77").statusCode());
        }
        HttpResponse<String> limited = logIn(page, "nuria", PASSWORD, "192.0.2.20");
        assertEquals(429, limited.statusCode());
        assertEquals(1, retryAfter(limited));
        assertEquals(1, count(limited.body(), "class=\"error-summary\""), "one box, not two: " + limited.body());
        assertTrue(limited.body().contains("Please wait 1 second, then log in again. Your password will still work."), limited.body());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(303, logIn(page, "nuria", PASSWORD, "192.0.2.20").statusCode());
    }

    @Test
    void signUpFloodFromOneClientIsRefusedBeforeHashing() {
        long before = members();
        String flooder = "203.0.113.200";
        for (int i = 0; i < 3; i++) {
            assertEquals(201, signUp("flood_" + i, "10.0.0." + i + ", " + flooder).statusCode());
        }
        // A made-up first X-Forwarded-For entry does not make a new client: the proxy's own entry is the last one.
        HttpResponse<String> refused = signUp("flood_x", "10.9.9.9, " + flooder);
        assertEquals(429, refused.statusCode(), refused.body());
        assertEquals("error.signup.rateLimited", Http.json(refused).getString("code"));
        long wait = retryAfter(refused);
        assertTrue(wait > 3500 && wait <= 3600, "an hour from the first: " + wait);
        assertEquals(before + 3, members(), "the refused sign-up stored nothing");
        assertEquals(201, signUp("neighbour_elsewhere", "192.0.2.99").statusCode(), "other clients still join");
    }

    @Test
    void parallelSignUpFloodFromManyAddressesStopsAtTheHourlyLimit() throws Exception {
        // An hour of its own, before and after, so the other tests' sign-ups neither spend nor share this budget.
        clock.advance(Duration.ofHours(1));
        int floods = 30;
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < floods; i++) {
                String name = "many_" + i;
                String from = "198.18.0." + (i + 1);
                all.add(CompletableFuture.supplyAsync(() -> signUp(name, from), pool));
            }
            long created = 0;
            long limited = 0;
            for (CompletableFuture<HttpResponse<String>> f : all) {
                HttpResponse<String> r = f.get();
                created += r.statusCode() == 201 ? 1 : 0;
                if (r.statusCode() == 429) {
                    limited++;
                    assertTrue(retryAfter(r) > 0);
                }
            }
            assertTrue(created <= 12, "never more than signup.max-per-hour in an hour: " + created);
            assertEquals(floods, created + limited);
            assertEquals(12, created, "and the limit is reached, not undercounted");
        } finally {
            pool.shutdownNow();
            clock.advance(Duration.ofHours(1));
        }
    }

    @Test
    void capitalsTypedOnAPhoneAreFoldedAndEveryFieldsErrorIsAnswered() {
        HttpResponse<String> carmen = signUp("Carmen", "192.0.2.31");
        assertEquals(201, carmen.statusCode(), carmen.body());
        assertEquals("carmen", Http.json(carmen).getString("username"));

        HttpResponse<String> bad = http.postJson("/api/mutua/v1/members",
            new JsonObject().put("username", "no spaces!").put("displayName", "X").put("password", "short").encode(),
            "X-Forwarded-For", "192.0.2.32");
        assertEquals(400, bad.statusCode());
        JsonArray errors = Http.json(bad).getJsonArray("errors");
        assertEquals(List.of("username", "password"), errors.stream().map(e -> ((JsonObject) e).getString("field")).toList(), bad.body());
        assertEquals("username", Http.json(bad).getString("field"), "the first field stays where scripts read it");

        Http page = new Http(node.baseUrl);
        String form = page.get("/signup", "Accept", "text/html").body();
        Matcher input = Pattern.compile("<input id=\"username\"[^>]*>").matcher(form);
        assertTrue(input.find(), form);
        String tag = input.group();
        Matcher pattern = Pattern.compile("pattern=\"([^\"]+)\"").matcher(tag);
        assertTrue(pattern.find(), tag);
        assertTrue("Carmen".matches(pattern.group(1)), "the form's own pattern lets a phone's capital through: " + tag);
        assertFalse("no spaces!".matches(pattern.group(1)));
        assertTrue(tag.contains("autocapitalize=\"none\"") && tag.contains("autocorrect=\"off\"") && tag.contains("spellcheck=\"false\""), tag);

        HttpResponse<String> both = submit(page, "/signup", "/signup",
            Map.of("username", "no spaces!", "displayName", "X", "password", "short"), "192.0.2.33");
        assertEquals(400, both.statusCode());
        assertTrue(both.body().contains("id=\"username-error\"") && both.body().contains("id=\"password-error\""), both.body());
        assertTrue(both.body().contains("href=\"#username\"") && both.body().contains("href=\"#password\""), "both in the summary");
    }

    @Test
    void anInviteLinkJoinsAtOnceInApprovalMode() {
        String olga = Http.json(token("olga", PASSWORD, "192.0.2.40")).getString("token");
        String code = Http.json(http.postJson("/api/mutua/v1/invites", "{}", "Authorization", "Bearer " + olga)).getString("code");
        Http page = new Http(node.baseUrl);
        String form = page.get("/signup?invite=" + code, "Accept", "text/html").body();
        assertTrue(form.contains("name=\"invite\" value=\"" + code + "\""), "the form carries the code");
        assertFalse(form.contains("id=\"reason\""), "an invited neighbour is not asked why");
        HttpResponse<String> r = submit(page, "/signup?invite=" + code, "/signup",
            Map.of("username", "invited_ines", "displayName", "Inés", "password", PASSWORD, "invite", code), "192.0.2.41");
        assertEquals(303, r.statusCode(), r.body());
        assertEquals("/signup/done?pending=false", r.headers().firstValue("Location").orElseThrow());
        assertEquals(MemberStatus.ACTIVE, node.await(node.node.services().members().profile("invited_ines")).orElseThrow().member().status());
        HttpResponse<String> again = signUpWithInvite("invited_twice", code, "192.0.2.42");
        assertEquals(403, again.statusCode(), "an invite is used once");
        HttpResponse<String> without = signUp("not_invited", "192.0.2.43");
        assertEquals("pending", Http.json(without).getString("status"), "without an invite, approval mode still waits");
    }

    private HttpResponse<String> signUp(String username, String from) {
        return signUpWithInvite(username, null, from);
    }

    private HttpResponse<String> signUpWithInvite(String username, String invite, String from) {
        JsonObject body = new JsonObject().put("username", username).put("displayName", username).put("password", PASSWORD);
        if (invite != null) {
            body.put("invite", invite);
        }
        return http.postJson("/api/mutua/v1/members", body.encode(), "X-Forwarded-For", from);
    }

    private static HttpResponse<String> logIn(Http page, String username, String password, String from) {
        return submit(page, "/login", "/login", Map.of("username", username, "password", password), from);
    }

    private static HttpResponse<String> submit(Http page, String formPage, String action, Map<String, String> fields, String from) {
        Matcher m = CSRF.matcher(page.get(formPage, "Accept", "text/html").body());
        assertTrue(m.find());
        Map<String, String> all = new java.util.HashMap<>(fields);
        all.put("_csrf", m.group(1));
        return page.postForm(action, all, "Accept", "text/html", "X-Forwarded-For", from);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
