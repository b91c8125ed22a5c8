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
 * Checking a username and password, with a rate limit per username and per client, and browser sessions. The limit
 * lives in the database so every process behind a load balancer counts the same failures.
 */
public final class LoginService {
    private static final Logger LOG = LoggerFactory.getLogger(LoginService.class);
    public static final Duration SESSION_LIFETIME = Duration.ofDays(30);

    private final MutuaConfig config;
    private final Transactions tx;
    private final PasswordHasher hasher;
    private final Clock clock;

    public LoginService(MutuaConfig config, Transactions tx, PasswordHasher hasher, Clock clock) {
        this.config = config;
        this.tx = tx;
        this.hasher = hasher;
        this.clock = clock;
    }

    /**
     * The active member these credentials belong to. {@code clientKey} identifies the client (a hash of its address,
     * never the address itself). Wrong credentials say only that they are wrong, never which part.
     */
    public Future<Member> authenticate(String rawUsername, String password, String clientKey) {
        if (rawUsername == null || rawUsername.isBlank()) {
            return Future.failedFuture(Problem.invalid("username", "error.username.required", "username is required"));
        }
        if (password == null || password.isEmpty()) {
            return Future.failedFuture(Problem.invalid("password", "error.password.required", "password is required"));
        }
        String username = rawUsername.trim().toLowerCase(java.util.Locale.ROOT);
        String userSubject = "user:" + RandomTokens.sha256Hex(username).substring(0, 32);
        String clientSubject = "client:" + clientKey;
        Instant since = clock.instant().minus(Duration.ofMinutes(config.loginWindowMinutes()));
        return tx.read(s -> s.createSelectionQuery(
                    "select f.subject, count(f) from LoginFailure f where (f.subject = :u or f.subject = :c) and f.failedAt > :since group by f.subject", Object[].class)
                .setParameter("u", userSubject).setParameter("c", clientSubject).setParameter("since", since)
                .getResultList())
            .compose(counts -> {
                // Per name: the configured number. Per client: ten times that, since a household or a proxy shares one address.
                boolean limited = counts.stream().anyMatch(row -> (Long) row[1] >= (userSubject.equals(row[0])
                    ? config.loginMaxFailures() : 10L * config.loginMaxFailures()));
                if (limited) {
                    LOG.warn("login rate limit reached");
                    return Future.failedFuture(Problem.tooMany("error.login.rateLimited",
                        "too many failed logins; wait " + config.loginWindowMinutes() + " minutes and try again"));
                }
                return tx.read(s -> s.createSelectionQuery("from Member where username = :u", Member.class)
                        .setParameter("u", username).getSingleResultOrNull())
                    .compose(member -> hasher.verify(password, member == null ? null : member.passwordHash())
                        .compose(ok -> ok ? admit(member) : fail(userSubject, clientSubject)));
            });
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

    private Future<Member> fail(String userSubject, String clientSubject) {
        Instant now = clock.instant();
        return tx.inTransaction(s -> s.persistAll(new LoginFailure(userSubject, now), new LoginFailure(clientSubject, now)))
            .compose(v -> Future.failedFuture(Problem.unauthorized("error.login.failed", "wrong username or password")));
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
