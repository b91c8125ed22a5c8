package org.mutua.server.members;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.hibernate.reactive.mutiny.Mutiny;
import org.mutua.config.MutuaConfig;
import org.mutua.server.database.Transactions;
import org.mutua.server.problems.Problem;
import org.mutua.server.security.PasswordHasher;
import org.mutua.server.security.RandomTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What organisers (coordinators and admins) may do to other members' accounts: one-time password links, suspending
 * and restoring, changing roles. An organiser acts only on accounts whose role is at most their own and grants at most
 * their own role, so a coordinator can never take over an admin; the node always keeps one active admin. Pages and
 * the API call this; each change is one transaction.
 */
public final class OrganiserService {
    private static final Logger LOG = LoggerFactory.getLogger(OrganiserService.class);
    public static final Duration LINK_LIFETIME = Duration.ofHours(24);

    private final MutuaConfig config;
    private final Transactions tx;
    private final PasswordHasher hasher;
    private final Clock clock;

    public OrganiserService(MutuaConfig config, Transactions tx, PasswordHasher hasher, Clock clock) {
        this.config = config;
        this.tx = tx;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** A link made for a member: the address to pass on and when it stops working. */
    public record PasswordLinkCreated(String username, String url, Instant expiresAt) {
        @Override
        public String toString() {
            return "PasswordLinkCreated[" + username + "]";
        }
    }

    /** A new one-time password link for an active member; any older unused link of theirs stops working. */
    public Future<PasswordLinkCreated> createPasswordLink(Member organiser, String username) {
        String token = RandomTokens.urlSafe(32);
        Instant now = clock.instant();
        Instant expires = now.plus(LINK_LIFETIME);
        return organising(organiser).compose(v -> tx.inTransaction(s -> target(s, organiser, username).chain(m -> {
            if (m.status() != MemberStatus.ACTIVE) {
                throw Problem.conflict(null, "error.organise.notActive", username + " has no active account");
            }
            return s.createMutationQuery("delete from PasswordLink where memberId = :m and usedAt is null").setParameter("m", m.id())
                .executeUpdate()
                .chain(() -> s.persist(new PasswordLink(RandomTokens.sha256Hex(token), m.id(), organiser.id(), now, expires)))
                .replaceWith(m);
        })))
            .onSuccess(m -> LOG.info("password link made for {} by {}", m.username(), organiser.username()))
            .map(m -> new PasswordLinkCreated(m.username(), config.baseUrl() + "/password-link?key=" + token, expires));
    }

    /** The username a link is for while it still works; 404 once used, expired, replaced or never made. */
    public Future<String> passwordLinkOwner(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Future.failedFuture(linkInvalid());
        }
        return tx.read(s -> s.find(PasswordLink.class, RandomTokens.sha256Hex(token)).chain(link -> {
            if (link == null || !link.usableAt(clock.instant())) {
                throw linkInvalid();
            }
            return s.find(Member.class, link.memberId());
        })).map(m -> {
            if (m == null || m.status() != MemberStatus.ACTIVE) {
                throw linkInvalid();
            }
            return m.username();
        });
    }

    /**
     * Sets the member's new password through a link and ends their other sessions and tokens. The link is claimed by a
     * conditional update, so two uses at once cannot both succeed.
     */
    public Future<Member> usePasswordLink(String token, String password) {
        return passwordLinkOwner(token).compose(username -> {
            MemberService.checkPassword(password, username);
            return hasher.hash(password);
        }).compose(hash -> {
            Instant now = clock.instant();
            String tokenHash = RandomTokens.sha256Hex(token);
            return tx.inTransaction(s -> s.createMutationQuery(
                    "update PasswordLink set usedAt = :now where tokenHash = :h and usedAt is null and expiresAt > :now")
                .setParameter("now", now).setParameter("h", tokenHash).executeUpdate()
                .chain(claimed -> {
                    if (claimed == 0) {
                        throw linkInvalid();
                    }
                    return s.createSelectionQuery("select m from Member m, PasswordLink l where l.tokenHash = :h and m.id = l.memberId", Member.class)
                        .setParameter("h", tokenHash).getSingleResult();
                })
                .invoke(m -> {
                    if (m.status() != MemberStatus.ACTIVE) {
                        throw linkInvalid();
                    }
                    m.changePassword(hash);
                })
                .call(m -> endAccess(s, m, now)));
        }).onSuccess(m -> LOG.info("password set through a link by {}", m.username()));
    }

    /** Pauses an active account: no log-in; its sessions, tokens and password links end at once. */
    public Future<Member> suspend(Member organiser, String username) {
        if (organiser.username().equals(username)) {
            return Future.failedFuture(Problem.conflict(null, "error.organise.self", "you cannot pause your own account"));
        }
        return organising(organiser).compose(v -> tx.inTransaction(s -> target(s, organiser, username).chain(m -> {
            if (m.status() != MemberStatus.ACTIVE) {
                throw Problem.conflict(null, "error.organise.notActive", username + " has no active account");
            }
            m.suspend();
            return endAccess(s, m, clock.instant())
                .chain(() -> s.createMutationQuery("delete from PasswordLink where memberId = :m").setParameter("m", m.id()).executeUpdate())
                .replaceWith(m);
        }))).onSuccess(m -> LOG.info("member {} suspended by {}", m.username(), organiser.username()));
    }

    public Future<Member> restore(Member organiser, String username) {
        return organising(organiser).compose(v -> tx.inTransaction(s -> target(s, organiser, username).invoke(m -> {
            if (m.status() != MemberStatus.SUSPENDED) {
                throw Problem.conflict(null, "error.organise.notSuspended", username + " is not paused");
            }
            m.restore();
        }))).onSuccess(m -> LOG.info("member {} restored by {}", m.username(), organiser.username()));
    }

    /**
     * A new role for an active or paused member. The active admins are locked first, so two admins demoting each
     * other at the same time cannot leave the node without one.
     */
    public Future<Member> changeRole(Member organiser, String username, MemberRole role) {
        if (!role.atMost(organiser.role())) {
            return Future.failedFuture(Problem.forbidden("error.organise.roleTooHigh", "you can give at most your own role"));
        }
        return organising(organiser).compose(v -> tx.inTransaction(s -> s.createSelectionQuery(
                "from Member where role = 'admin' and status = 'active'", Member.class)
            .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList()
            .chain(admins -> target(s, organiser, username).invoke(m -> {
                if (m.status() != MemberStatus.ACTIVE && m.status() != MemberStatus.SUSPENDED) {
                    throw Problem.conflict(null, "error.organise.notActive", username + " has no active account");
                }
                boolean lastAdmin = m.role() == MemberRole.ADMIN && m.status() == MemberStatus.ACTIVE && admins.size() <= 1;
                if (lastAdmin && role != MemberRole.ADMIN) {
                    throw Problem.conflict(null, "error.organise.lastAdmin", "the node needs at least one admin; make someone else admin first");
                }
                m.changeRole(role);
            }))))
            .onSuccess(m -> LOG.info("member {} is now {} (by {})", m.username(), role.wire(), organiser.username()));
    }

    private static Future<Void> organising(Member organiser) {
        return organiser.role().canCoordinate() ? Future.succeededFuture()
            : Future.failedFuture(Problem.forbidden("error.forbidden", "only coordinators and admins may do this"));
    }

    private static Uni<Member> target(Mutiny.Session s, Member organiser, String username) {
        return s.createSelectionQuery("from Member where username = :u", Member.class).setParameter("u", username)
            .getSingleResultOrNull().invoke(m -> {
                if (m == null) {
                    throw Problem.notFound("error.notFound", "no member called '" + username + "'");
                }
                if (!m.role().atMost(organiser.role())) {
                    throw Problem.forbidden("error.organise.higherRole", "only an admin can change an admin's account");
                }
            });
    }

    /** Every browser session and API token of the member stops working. */
    private static Uni<Void> endAccess(Mutiny.Session s, Member m, Instant now) {
        return s.createMutationQuery("delete from LoginSession where memberId = :m").setParameter("m", m.id()).executeUpdate()
            .chain(() -> s.createMutationQuery("update ApiToken set revokedAt = :now where memberId = :m and revokedAt is null")
                .setParameter("now", now).setParameter("m", m.id()).executeUpdate())
            .replaceWithVoid();
    }

    private static Problem linkInvalid() {
        return Problem.notFound("error.passwordLink.invalid",
            "this password link does not work any more (used, older than 24 hours, or replaced); ask an organiser for a new one");
    }
}
