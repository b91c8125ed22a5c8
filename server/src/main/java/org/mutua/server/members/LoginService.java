package org.mutua.server.members;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.mutua.config.MutuaConfig;
import org.mutua.server.database.Transactions;
import org.mutua.server.problems.Problem;
import org.mutua.server.security.PasswordHasher;
import org.mutua.server.security.RandomTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checking a username and password, with limits per account and per client ({@link AttemptLimits}), and browser
 * sessions. The limits live in the database so every process behind a load balancer counts the same tries.
 */
public final class LoginService {
    private static final Logger LOG = LoggerFactory.getLogger(LoginService.class);
    public static final Duration SESSION_LIFETIME = Duration.ofDays(30);
    /** The longest wait between tries on one account, however many wrong passwords came before. */
    static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

    private final MutuaConfig config;
    private final Transactions tx;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final AttemptLimits limits;

    public LoginService(MutuaConfig config, Transactions tx, PasswordHasher hasher, Clock clock) {
        this.config = config;
        this.tx = tx;
        this.hasher = hasher;
        this.clock = clock;
        this.limits = new AttemptLimits(tx, clock);
    }

    /**
     * The active member these credentials belong to. {@code clientKey} identifies the client (a hash of its address,
     * never the address itself). Wrong credentials say only that they are wrong, never which part.
     *
     * <p>A try is counted before the password is checked, so parallel guesses cannot pass a limit together. Per
     * account, the first {@code login.max-failures} tries are free and each further one waits twice as long as the
     * last (1 s, 2 s, 4 s … a minute at most): a stranger can slow the member down but not lock them out, and the
     * right password after the wait logs in. Per client, ten times as many tries per window, since a household or a
     * proxy shares one address. The right password takes back what the try counted.
     */
    public Future<Member> authenticate(String rawUsername, String password, String clientKey) {
        if (rawUsername == null || rawUsername.isBlank()) {
            return Future.failedFuture(Problem.invalid("username", "error.username.required", "username is required"));
        }
        if (password == null || password.isEmpty()) {
            return Future.failedFuture(Problem.invalid("password", "error.password.required", "password is required"));
        }
        String username = UsernamePolicy.fold(rawUsername);
        String userSubject = "user:" + RandomTokens.sha256Hex(username).substring(0, 32);
        String clientSubject = "client:" + clientKey;
        AttemptLimits.Rule perClient = perClient();
        return limits.claim(clientSubject, perClient)
            .compose(refused -> refused.isPresent() ? tooMany(refused.get()) : limits.claim(userSubject, perAccount()))
            .compose(refused -> refused.isPresent() ? tooMany(refused.get()) : tx.read(s -> s.createSelectionQuery("from Member where username = :u", Member.class)
                .setParameter("u", username).getSingleResultOrNull()))
            .compose(member -> hasher.verify(password, member == null ? null : member.passwordHash())
                .compose(ok -> ok
                    ? limits.clear(userSubject).compose(v -> limits.giveBack(clientSubject, perClient)).compose(v -> admit(member))
                    : Future.failedFuture(Problem.unauthorized("error.login.failed", "wrong username or password"))));
    }

    /** Forgets login and sign-up limit rows idle for a day (the node runs it hourly); the number deleted. */
    public Future<Integer> forgetIdleLimits() {
        return limits.forgetIdle();
    }

    private AttemptLimits.Rule perAccount() {
        return AttemptLimits.Rule.backoff(config.loginMaxFailures(), Duration.ofMinutes(config.loginWindowMinutes()), LONGEST_WAIT);
    }

    private AttemptLimits.Rule perClient() {
        return AttemptLimits.Rule.window(10 * config.loginMaxFailures(), Duration.ofMinutes(config.loginWindowMinutes()));
    }

    private static <T> Future<T> tooMany(AttemptLimits.Wait wait) {
        LOG.warn("login rate limit reached");
        long seconds = Math.max(1, (wait.duration().toMillis() + 999) / 1000);
        return Future.failedFuture(Problem.tooMany("error.login.rateLimited",
            "too many tries; wait " + seconds + " seconds and try again", wait.duration()));
    }

    private Future<Member> admit(Member member) {
        return switch (member.status()) {
            case ACTIVE -> Future.succeededFuture(member);
            case PENDING -> Future.failedFuture(Problem.forbidden("error.login.pending",
                "your sign-up is waiting for a coordinator's approval; you can log in once it is approved"));
            case REJECTED -> Future.failedFuture(Problem.forbidden("error.login.rejected", "this sign-up was not approved"));
            case SUSPENDED -> Future.failedFuture(Problem.forbidden("error.login.suspended", "this account is paused; please talk to an organiser"));
        };
    }

    /** A new browser session; the cookie gets the token, the database only its hash. */
    public Future<String> startSession(Member member) {
        String token = RandomTokens.urlSafe(32);
        Instant now = clock.instant();
        return tx.inTransaction(s -> s.persist(new LoginSession(RandomTokens.sha256Hex(token), member.id(), now, now.plus(SESSION_LIFETIME))))
            .map(v -> token);
    }

    public Future<Optional<Member>> sessionMember(String token) {
        if (token == null || token.length() > 100) {
            return Future.succeededFuture(Optional.empty());
        }
        return tx.read(s -> s.find(LoginSession.class, RandomTokens.sha256Hex(token)).chain(session -> {
            if (session == null || session.expiresAt().isBefore(clock.instant())) {
                return io.smallrye.mutiny.Uni.createFrom().item(Optional.<Member>empty());
            }
            return s.find(Member.class, session.memberId()).map(m -> Optional.ofNullable(m).filter(x -> x.status() == MemberStatus.ACTIVE));
        }));
    }

    public Future<Void> endSession(String token) {
        if (token == null) {
            return Future.succeededFuture();
        }
        return tx.inTransaction(s -> s.createMutationQuery("delete from LoginSession where tokenHash = :h")
            .setParameter("h", RandomTokens.sha256Hex(token)).executeUpdate()).mapEmpty();
    }
}
