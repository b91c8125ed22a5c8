package org.mutua.server.members;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;
import org.mutua.config.MutuaConfig;
import org.mutua.config.RegistrationMode;
import org.mutua.federation.keys.ActorKeys;
import org.mutua.server.actors.KeyGeneration;
import org.mutua.server.actors.ActorKind;
import org.mutua.server.actors.LocalActor;
import org.mutua.server.database.Transactions;
import org.mutua.server.http.ErrorResponses;
import org.mutua.server.problems.Problem;
import org.mutua.server.security.PasswordHasher;
import org.mutua.server.security.RandomTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules about accounts: who may join and how, names, passwords, roles and profiles. Routes and the admin command
 * line call this; nothing else writes members. Every change is one transaction, so a refusal stores nothing.
 */
public final class MemberService {
    private static final Logger LOG = LoggerFactory.getLogger(MemberService.class);
    public static final int MIN_PASSWORD = 10;
    public static final int MAX_PASSWORD = 256;
    private static final Duration INVITE_LIFETIME = Duration.ofDays(14);

    private final MutuaConfig config;
    private final Transactions tx;
    private final PasswordHasher hasher;
    private final KeyGeneration keys;
    private final UsernamePolicy usernames;
    private final Clock clock;
    private final AttemptLimits signUpLimits;

    public MemberService(MutuaConfig config, Transactions tx, PasswordHasher hasher, KeyGeneration keys, Clock clock) {
        this.config = config;
        this.tx = tx;
        this.hasher = hasher;
        this.keys = keys;
        this.usernames = new UsernamePolicy(config.neighbourhoodUsername(), config.hostname());
        this.clock = clock;
        this.signUpLimits = new AttemptLimits(tx, clock);
    }

    /** What a person types into the sign-up form. */
    public record SignUp(String username, String displayName, String password, String reason, String inviteCode) {
        @Override
        public String toString() {
            return "SignUp[" + username + "]";
        }
    }

    /**
     * Sign-up by the registration mode: open joins at once, approval waits for a coordinator, invite needs a code. A
     * valid invite link joins at once in any mode: an organiser has already said yes. Every field's problem is
     * answered together ({@link Problem#all}). {@code clientKey} (a hash of the address) counts sign-ups per client
     * and per hour before the password is hashed, so a flood is refused cheaply instead of queueing on the one
     * hashing thread.
     */
    public Future<Member> signUp(SignUp form, String clientKey) {
        return Future.<Void>succeededFuture().compose(v -> {
            List<Problem> problems = new java.util.ArrayList<>();
            String username = check(problems, () -> usernames.accept(form.username()));
            String displayName = check(problems, () -> ProfileText.displayName(form.displayName(), username == null ? "" : username));
            check(problems, () -> { checkPassword(form.password(), username == null ? form.username() : username); return null; });
            String reason = form.reason() == null ? null : check(problems, () -> ProfileText.reason(form.reason()));
            if (!problems.isEmpty()) {
                throw Problem.all(problems);
            }
            RegistrationMode mode = config.registrationMode();
            boolean invited = form.inviteCode() != null && !form.inviteCode().isBlank();
            if (mode == RegistrationMode.INVITE && !invited) {
                throw Problem.forbidden("error.invite.required", "this neighbourhood joins by invitation only; ask a coordinator for an invite link");
            }
            MemberStatus status = mode == RegistrationMode.APPROVAL && !invited ? MemberStatus.PENDING : MemberStatus.ACTIVE;
            return signUpAllowed(clientKey).compose(ok -> prepare(form.password())).compose(prepared -> tx.inTransaction(s ->
                ensureFree(s, username)
                    .chain(() -> invited ? claimInvite(s, form.inviteCode()) : Uni.createFrom().nullItem())
                    .chain(invite -> insert(s, username, displayName, "", prepared, MemberRole.MEMBER, status, reason)
                        .invoke(m -> { if (invite != null) invite.useBy(m.id(), clock.instant()); }))));
        }).onSuccess(m -> LOG.info("member signed up: {} ({})", m.username(), m.status().wire()));
    }

    /** One field's check: its value, or null with its problem added to the others. */
    private static <T> T check(List<Problem> problems, java.util.function.Supplier<T> field) {
        try {
            return field.get();
        } catch (Problem p) {
            problems.add(p);
            return null;
        }
    }

    /** Per client, then for the whole node: each claim is one statement, so parallel sign-ups cannot pass a limit. */
    private Future<Void> signUpAllowed(String clientKey) {
        Duration hour = Duration.ofHours(1);
        return signUpLimits.claim("signup-client:" + clientKey, AttemptLimits.Rule.window(config.signupMaxPerClientPerHour(), hour))
            .compose(refused -> refused.isPresent() ? Future.succeededFuture(refused)
                : signUpLimits.claim("signup-node", AttemptLimits.Rule.window(config.signupMaxPerHour(), hour)))
            .compose(refused -> {
                if (refused.isEmpty()) {
                    return Future.succeededFuture();
                }
                LOG.warn("sign-up rate limit reached");
                Duration wait = refused.get().duration();
                return Future.failedFuture(Problem.tooMany("error.signup.rateLimited",
                    "too many sign-ups from here for now; wait " + ErrorResponses.seconds(wait) + " seconds and try again", wait));
            });
    }

    /** For admins (command line): an active member with the given role. */
    public Future<Member> create(String rawUsername, MemberRole role, String password) {
        return Future.<Void>succeededFuture().compose(v -> {
            String username = usernames.accept(rawUsername);
            checkPassword(password, username);
            return prepare(password).compose(prepared -> tx.inTransaction(s -> ensureFree(s, username)
                .chain(() -> insert(s, username, username, "", prepared, role, MemberStatus.ACTIVE, null))));
        }).onSuccess(m -> LOG.info("member created: {} as {}", m.username(), m.role().wire()));
    }

    /** A new password ends every session and token of the member. */
    public Future<Member> resetPassword(String username, String password) {
        return Future.<Void>succeededFuture().compose(v -> {
            checkPassword(password, username);
            return hasher.hash(password);
        }).compose(hash -> tx.inTransaction(s -> findMember(s, username)
            .invoke(m -> m.changePassword(hash))
            .call(m -> s.createMutationQuery("delete from LoginSession where memberId = :m").setParameter("m", m.id()).executeUpdate())
            .call(m -> s.createMutationQuery("update ApiToken set revokedAt = :now where memberId = :m and revokedAt is null")
                .setParameter("now", clock.instant()).setParameter("m", m.id()).executeUpdate())))
            .onSuccess(m -> LOG.info("password reset for member {}", m.username()));
    }

    public Future<Member> approve(Member coordinator, String username) {
        return decide(coordinator, username, true);
    }

    public Future<Member> reject(Member coordinator, String username) {
        return decide(coordinator, username, false);
    }

    private Future<Member> decide(Member coordinator, String username, boolean approve) {
        if (!coordinator.role().canCoordinate()) {
            return Future.failedFuture(Problem.forbidden("error.forbidden", "only coordinators and admins decide sign-ups"));
        }
        return tx.inTransaction(s -> findMember(s, username).invoke(m -> {
            if (m.status() != MemberStatus.PENDING) {
                throw Problem.conflict(null, "error.notPending", username + " is not waiting for approval");
            }
            if (approve) {
                m.approve(clock.instant());
            } else {
                m.reject();
            }
        })).onSuccess(m -> LOG.info("sign-up of {} {} by {}", m.username(), approve ? "approved" : "rejected", coordinator.username()));
    }

    public Future<String> createInvite(Member coordinator) {
        if (!coordinator.role().canCoordinate()) {
            return Future.failedFuture(Problem.forbidden("error.forbidden", "only coordinators and admins create invites"));
        }
        String code = RandomTokens.urlSafe(18);
        Instant now = clock.instant();
        return tx.inTransaction(s -> s.persist(new Invite(code, coordinator.id(), now, now.plus(INVITE_LIFETIME)))).map(v -> code);
    }

    public Future<Listing<MemberProfile>> list(Optional<MemberStatus> status, int offset, int limit) {
        String where = status.map(st -> " where m.status = :st").orElse("");
        return tx.read(s -> {
            Mutiny.SelectionQuery<Long> count = s.createSelectionQuery("select count(m) from Member m" + where, Long.class);
            Mutiny.SelectionQuery<Object[]> page = s.createSelectionQuery(
                "select m, a from Member m, LocalActor a where a.id = m.actorId" + where.replace(" where", " and") + " order by m.createdAt, m.id",
                Object[].class);
            status.ifPresent(st -> { count.setParameter("st", st.wire()); page.setParameter("st", st.wire()); });
            return count.getSingleResult().chain(total -> page.setFirstResult(offset).setMaxResults(limit).getResultList()
                .map(rows -> new Listing<>(total, rows.stream().map(r -> new MemberProfile((Member) r[0], (LocalActor) r[1])).toList(), offset, limit)));
        });
    }

    public Future<Optional<MemberProfile>> profile(String username) {
        return tx.read(s -> s.createSelectionQuery("select m, a from Member m, LocalActor a where a.id = m.actorId and m.username = :u", Object[].class)
            .setParameter("u", username).getSingleResultOrNull()
            .map(r -> Optional.ofNullable(r).map(x -> new MemberProfile((Member) x[0], (LocalActor) x[1]))));
    }

    public Future<Optional<Member>> byId(Long id) {
        return tx.read(s -> s.find(Member.class, id).map(Optional::ofNullable));
    }

    public Future<Optional<Member>> byPublicId(String publicId) {
        return tx.read(s -> s.createSelectionQuery("from Member where publicId = :p", Member.class)
            .setParameter("p", publicId).getSingleResultOrNull().map(Optional::ofNullable));
    }

    public Future<Long> countActive() {
        return tx.read(s -> s.createSelectionQuery("select count(m) from Member m where m.status = 'active'", Long.class).getSingleResult());
    }

    /** What a member may change about themselves. Null leaves a value as it is. */
    /** What a member changes about themselves; a null part stays as it is ({@code timeZone} "" is the node's). */
    public record ProfileChange(String displayName, String bio, List<String> languages, String uiLanguage, String timeZone) {
        public ProfileChange(String displayName, String bio, List<String> languages, String uiLanguage) {
            this(displayName, bio, languages, uiLanguage, null);
        }
    }

    public Future<MemberProfile> updateProfile(Member member, ProfileChange change) {
        return Future.<Void>succeededFuture().compose(v -> {
            String name = change.displayName() == null ? null : ProfileText.displayName(change.displayName(), member.username());
            String bio = change.bio() == null ? null : ProfileText.bio(change.bio());
            List<String> langs = change.languages() == null ? null : checkLanguages(change.languages());
            String ui = change.uiLanguage() == null ? null : checkUiLanguage(change.uiLanguage());
            String zone = change.timeZone() == null ? null : TimeZones.check(change.timeZone());
            return tx.inTransaction(s -> s.find(Member.class, member.id()).chain(m -> s.find(LocalActor.class, m.actorId()).map(a -> {
                a.rename(name == null ? a.displayName() : name, bio == null ? a.summary() : bio);
                m.setPreferences(langs == null ? m.languages() : langs, change.uiLanguage() == null ? m.uiLanguage() : ui);
                if (change.timeZone() != null) {
                    m.changeTimeZone(zone);
                }
                return new MemberProfile(m, a);
            })));
        });
    }

    private List<String> checkLanguages(List<String> langs) {
        if (langs.size() > 10) {
            throw Problem.invalid("languages", "error.languages.unknown", "languages: at most 10");
        }
        for (String l : langs) {
            if (l == null || !l.matches("^[a-z]{2,3}$")) {
                throw Problem.invalid("languages", "error.languages.unknown", "languages must be two- or three-letter codes such as en or es");
            }
        }
        return langs.stream().distinct().toList();
    }

    /** Empty means "choose from my browser". */
    private String checkUiLanguage(String ui) {
        if (ui.isEmpty()) {
            return null;
        }
        if (!config.languages().contains(ui)) {
            throw Problem.invalid("uiLanguage", "error.uiLanguage.unknown", "uiLanguage must be one of " + config.languages() + " or empty");
        }
        return ui;
    }

    static void checkPassword(String password, String username) {
        if (password == null || password.isEmpty()) {
            throw Problem.invalid("password", "error.password.required", "password is required (at least " + MIN_PASSWORD + " characters)");
        }
        if (password.length() < MIN_PASSWORD) {
            throw Problem.invalid("password", "error.password.tooShort", "password must be at least " + MIN_PASSWORD + " characters");
        }
        if (password.length() > MAX_PASSWORD) {
            throw Problem.invalid("password", "error.password.tooLong", "password must be at most " + MAX_PASSWORD + " characters");
        }
        if (password.equalsIgnoreCase(username)) {
            throw Problem.invalid("password", "error.password.sameAsUsername", "password must not be the username");
        }
    }

    private record Prepared(String passwordHash, ActorKeys keys) {
    }

    /** The slow, CPU-bound part (hashing, key generation) runs on workers before the transaction opens. */
    private Future<Prepared> prepare(String password) {
        return Future.all(hasher.hash(password), keys.generate())
            .map(all -> new Prepared(all.resultAt(0), all.resultAt(1)));
    }

    private Uni<Void> ensureFree(Mutiny.Session s, String username) {
        return s.createSelectionQuery("select count(a) from LocalActor a where a.username = :u", Long.class)
            .setParameter("u", username).getSingleResult()
            .invoke(n -> {
                if (n > 0) {
                    throw Problem.conflict("username", "error.username.taken", "username '" + username + "' is already taken");
                }
            }).replaceWithVoid();
    }

    private Uni<Invite> claimInvite(Mutiny.Session s, String code) {
        return s.find(Invite.class, code).invoke(invite -> {
            if (invite == null || !invite.usableAt(clock.instant())) {
                throw Problem.forbidden("error.invite.invalid", "this invite link is not valid any more; ask a coordinator for a new one");
            }
        });
    }

    private Uni<Member> insert(Mutiny.Session s, String username, String displayName, String bio, Prepared prepared,
                               MemberRole role, MemberStatus status, String reason) {
        Instant now = clock.instant();
        LocalActor actor = new LocalActor(username, ActorKind.PERSON, displayName, bio, prepared.keys(), now);
        return s.persist(actor).chain(s::flush).chain(() -> {
            Member m = new Member(RandomTokens.urlSafe(12), actor.id(), username, prepared.passwordHash(), role, status, reason, now);
            return s.persist(m).chain(s::flush).replaceWith(m);
        });
    }

    private Uni<Member> findMember(Mutiny.Session s, String username) {
        return s.createSelectionQuery("from Member where username = :u", Member.class).setParameter("u", username)
            .getSingleResultOrNull().invoke(m -> {
                if (m == null) {
                    throw Problem.notFound("error.notFound", "no member called '" + username + "'");
                }
            });
    }
}
