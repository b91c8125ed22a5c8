package org.mutua.server.follows;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;
import org.mutua.federation.delivery.DeliveryRows;
import org.mutua.federation.inbox.InboxOutcome;
import org.mutua.federation.vocab.ActivityTypes;
import org.mutua.server.actors.ActorKind;
import org.mutua.server.actors.LocalActor;
import org.mutua.server.actors.Outbox;
import org.mutua.server.actors.RemoteActorRecord;
import org.mutua.server.actors.RemoteActors;
import org.mutua.server.actors.Uris;
import org.mutua.server.database.Transactions;
import org.mutua.server.members.Listing;
import org.mutua.server.members.Member;
import org.mutua.server.problems.Problem;
import org.mutua.server.security.RandomTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of following, both ways (FEDERATION.md 4 and 7). Every local actor approves its followers: a member
 * decides for their own account, coordinators and admins for the neighbourhood. Only accepted follows ever receive
 * followers-only content. Local and remote actions go through the same methods.
 */
public final class FollowService {
    private static final Logger LOG = LoggerFactory.getLogger(FollowService.class);

    private final Transactions tx;
    private final Uris uris;
    private final Outbox outbox;
    private final RemoteActors remotes;
    private final String neighbourhood;
    private final Clock clock;
    private final FollowActivities activities;

    public FollowService(Transactions tx, Uris uris, Outbox outbox, RemoteActors remotes, String neighbourhood, Clock clock) {
        this.tx = tx;
        this.uris = uris;
        this.outbox = outbox;
        this.remotes = remotes;
        this.neighbourhood = neighbourhood;
        this.clock = clock;
        this.activities = new FollowActivities(uris);
    }

    /** A follow with both ends, for lists and API answers. */
    public record FollowView(Follow follow, LocalActor local, RemoteActorRecord remote) {
    }

    // ---- inbound: remote actors following ours ----

    /**
     * A remote actor asks to follow one of ours (by kind and username): a pending request, or accepted again when the
     * follower was already accepted. Not our instance actor, which nobody follows.
     */
    public Future<InboxOutcome> followRequested(String followerUri, String followId, ActorKind kind, String username) {
        if (kind == ActorKind.APPLICATION) {
            return Future.succeededFuture(InboxOutcome.IGNORED);
        }
        return remotes.byUri(followerUri).compose(remote -> tx.inTransaction(s ->
            localActor(s, kind, username).chain(local -> {
                if (local == null) {
                    return Uni.createFrom().item(InboxOutcome.IGNORED);
                }
                return find(s, Follow.Direction.INBOUND, local.id(), remote.id()).chain(existing -> {
                    if (existing != null) {
                        existing.renew(followId);
                        if (existing.state() == Follow.State.ACCEPTED) {
                            return sendDecision(s, existing, local, remote, true).replaceWith(InboxOutcome.APPLIED);
                        }
                        existing.decide(Follow.State.PENDING, clock.instant());
                        return Uni.createFrom().item(InboxOutcome.APPLIED);
                    }
                    Follow f = new Follow(RandomTokens.urlSafe(12), Follow.Direction.INBOUND, local.id(), remote.id(), followId, clock.instant());
                    return s.persist(f).replaceWith(InboxOutcome.APPLIED);
                });
            }))).onSuccess(o -> { outbox.queued(); LOG.info("follow request {} for {} {}", followId, kind.wire(), username); });
    }

    /**
     * The follower leaves (or withdraws the request): the follow matched by the Follow's id, or by the actor it
     * followed ({@code followedUri}, null when the Undo named the Follow by id only).
     */
    public Future<InboxOutcome> followWithdrawn(String followerUri, String followId, String followedUri) {
        return tx.inTransaction(s -> s.createSelectionQuery(
                "select f, l from Follow f, LocalActor l, RemoteActorRecord r where l.id = f.localActorId and r.id = f.remoteActorId"
                    + " and r.uri = :actor and f.direction = 'inbound'", Object[].class)
            .setParameter("actor", followerUri).getResultList()
            .chain(rows -> {
                List<Follow> matching = rows.stream()
                    .filter(r -> ((Follow) r[0]).activityUri().equals(followId) || uris.actor((LocalActor) r[1]).equals(followedUri))
                    .map(r -> (Follow) r[0]).toList();
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (Follow f : matching) {
                    chain = chain.chain(() -> s.remove(f));
                }
                return chain.replaceWith(matching.isEmpty() ? InboxOutcome.IGNORED : InboxOutcome.APPLIED);
            }));
    }

    /** A remote actor deleted itself: its follows in both directions go (Mastodon delete.rb). */
    public Future<InboxOutcome> actorGone(String actorUri) {
        return tx.inTransaction(s -> s.createMutationQuery(
                "delete from Follow f where f.remoteActorId in (select r.id from RemoteActorRecord r where r.uri = :actor)")
            .setParameter("actor", actorUri).executeUpdate())
            .map(n -> n > 0 ? InboxOutcome.APPLIED : InboxOutcome.IGNORED);
    }

    /** "Follow" for the id of a Follow we recorded, either way, for an {@code Undo} or decision that names it only by id. */
    public Future<Optional<String>> typeOfRecorded(String iri) {
        return tx.read(s -> s.createSelectionQuery("select count(f) from Follow f where f.activityUri = :u", Long.class)
            .setParameter("u", iri).getSingleResult())
            .map(n -> n > 0 ? Optional.of(ActivityTypes.FOLLOW) : Optional.empty());
    }

    /** A remote actor blocked one of ours: follows between the two end both ways, silently (Mastodon block.rb). */
    public Future<InboxOutcome> blockedBy(String actorUri, ActorKind kind, String username) {
        return tx.inTransaction(s -> s.createMutationQuery(
                "delete from Follow f where f.remoteActorId in (select r.id from RemoteActorRecord r where r.uri = :actor)"
                    + " and f.localActorId in (select a.id from LocalActor a where a.username = :u and a.kind = :k)")
            .setParameter("actor", actorUri).setParameter("u", username).setParameter("k", kind.wire())
            .executeUpdate())
            .map(n -> InboxOutcome.APPLIED);
    }

    // ---- outbound: our actors following remote ones ----

    /** The remote actor accepted or rejected one of our Follows (by the Follow's id); only its addressee may decide. */
    public Future<InboxOutcome> followDecided(String actorUri, String followId, boolean accepted) {
        return tx.inTransaction(s -> s.createSelectionQuery(
                "select f from Follow f, RemoteActorRecord r where r.id = f.remoteActorId and f.direction = 'outbound'"
                    + " and f.activityUri = :fid and r.uri = :actor", Follow.class)
            .setParameter("fid", followId).setParameter("actor", actorUri).getSingleResultOrNull()
            .chain(f -> {
                if (f == null) {
                    return Uni.createFrom().item(InboxOutcome.IGNORED);
                }
                if (accepted) {
                    f.decide(Follow.State.ACCEPTED, clock.instant());
                    return Uni.createFrom().item(InboxOutcome.APPLIED);
                }
                return s.remove(f).replaceWith(InboxOutcome.APPLIED);
            }));
    }

    /** A member follows a remote actor (handle or URL) as themselves. Answers the follow, pending until accepted. */
    public Future<FollowView> follow(Member member, String target) {
        return remotes.resolve(target).compose(remote -> tx.inTransaction(s -> s.find(LocalActor.class, member.actorId())
            .chain(local -> find(s, Follow.Direction.OUTBOUND, local.id(), remote.id()).chain(existing -> {
                if (existing != null) {
                    return Uni.createFrom().item(new FollowView(existing, local, remote));
                }
                Follow f = new Follow(RandomTokens.urlSafe(12), Follow.Direction.OUTBOUND, local.id(), remote.id(), uris.newActivity(), clock.instant());
                return s.persist(f).chain(() -> outbox.enqueue(s, local, activities.follow(f, local, remote), remote.uri(), recipients(remote)))
                    .replaceWith(new FollowView(f, local, remote));
            }))))
            .onSuccess(v -> { outbox.queued(); LOG.info("{} follows {}", member.username(), v.remote().uri()); });
    }

    /** Ends one of the member's follows (or withdraws the request) with {@code Undo{Follow}}. */
    public Future<Void> unfollow(Member member, String publicId) {
        return tx.inTransaction(s -> s.createSelectionQuery("from Follow where publicId = :p and direction = 'outbound' and localActorId = :l", Follow.class)
            .setParameter("p", publicId).setParameter("l", member.actorId()).getSingleResultOrNull()
            .chain(f -> {
                if (f == null) {
                    throw Problem.notFound("error.notFound", "no such follow");
                }
                return s.find(LocalActor.class, f.localActorId()).chain(local -> s.find(RemoteActorRecord.class, f.remoteActorId()).chain(remote -> {
                    return outbox.enqueue(s, local, activities.undo(f, local, remote), remote.uri(), recipients(remote)).chain(n -> s.remove(f));
                }));
            })).onSuccess(v -> outbox.queued()).mapEmpty();
    }

    // ---- decisions on follow requests ----

    /** May this member decide requests to follow that local actor? Their own account; the neighbourhood if coordinating. */
    private boolean mayDecide(Member m, LocalActor local) {
        return local.id().equals(m.actorId())
            || (local.kind() == ActorKind.GROUP && local.username().equals(neighbourhood) && m.role().canCoordinate());
    }

    public Future<FollowView> decide(Member member, String publicId, boolean accept) {
        return tx.inTransaction(s -> s.createSelectionQuery("from Follow where publicId = :p and direction = 'inbound'", Follow.class)
            .setParameter("p", publicId).getSingleResultOrNull()
            .chain(f -> {
                if (f == null) {
                    throw Problem.notFound("error.notFound", "no such follow request");
                }
                return s.find(LocalActor.class, f.localActorId()).chain(local -> {
                    if (!mayDecide(member, local)) {
                        throw Problem.notFound("error.notFound", "no such follow request");
                    }
                    if (f.state() != Follow.State.PENDING) {
                        throw Problem.conflict(null, "error.notPending", "this follow request was already decided");
                    }
                    return s.find(RemoteActorRecord.class, f.remoteActorId()).chain(remote -> {
                        f.decide(accept ? Follow.State.ACCEPTED : Follow.State.REJECTED, clock.instant());
                        return sendDecision(s, f, local, remote, accept).replaceWith(new FollowView(f, local, remote));
                    });
                });
            }))
            .onSuccess(v -> { outbox.queued(); LOG.info("follow request {} {} by {}", publicId, accept ? "accepted" : "rejected", member.username()); });
    }

    /**
     * The member removes an accepted follower of hers, or a coordinator one of the neighbourhood's: {@code Reject} of
     * the original Follow goes out (Mastodon's remove-from-followers, which Mastodon applies by dropping its follow), and
     * the follow ends as rejected, so nothing followers-only reaches them again (FEDERATION.md 5). Anyone else's
     * follower, a pending request, an unknown id or one already removed: 404, as if it did not exist; removing twice
     * is therefore 404 the second time, never a second Reject.
     */
    public Future<Void> removeFollower(Member member, String publicId) {
        return tx.inTransaction(s -> s.createSelectionQuery("from Follow where publicId = :p and direction = 'inbound' and state = 'accepted'", Follow.class)
            .setParameter("p", publicId).getSingleResultOrNull()
            .chain(f -> {
                if (f == null) {
                    throw Problem.notFound("error.notFound", "no such follower");
                }
                return s.find(LocalActor.class, f.localActorId()).chain(local -> {
                    if (!mayDecide(member, local)) {
                        throw Problem.notFound("error.notFound", "no such follower");
                    }
                    return s.find(RemoteActorRecord.class, f.remoteActorId()).chain(remote -> {
                        f.decide(Follow.State.REJECTED, clock.instant());
                        return sendDecision(s, f, local, remote, false);
                    });
                });
            }))
            .onSuccess(v -> { outbox.queued(); LOG.info("follower {} removed by {}", publicId, member.username()); }).mapEmpty();
    }

    /** {@code Accept} or {@code Reject}, to the follower's inbox. */
    private Uni<Integer> sendDecision(Mutiny.Session s, Follow f, LocalActor local, RemoteActorRecord remote, boolean accept) {
        return outbox.enqueue(s, local, activities.decision(f, local, remote, accept), f.activityUri(), recipients(remote));
    }

    /** Is this remote actor (by IRI) an accepted follower of that local actor? */
    public Future<Boolean> isAcceptedFollower(Long localActorId, String remoteActorUri) {
        return tx.read(s -> s.createSelectionQuery("select count(f) from Follow f, RemoteActorRecord r where r.id = f.remoteActorId"
                + " and f.localActorId = :l and f.direction = 'inbound' and f.state = 'accepted' and r.uri = :u", Long.class)
            .setParameter("l", localActorId).setParameter("u", remoteActorUri).getSingleResult().map(n -> n > 0));
    }

    /**
     * Where followers-only content of a local actor may go: the inboxes of its ACCEPTED followers, never pending ones
     * (FEDERATION.md 5; Pixelfed CVE-2025-30741). Runs in the caller's transaction.
     */
    public static Uni<List<DeliveryRows.Recipient>> acceptedFollowerInboxes(Mutiny.Session s, LocalActor local) {
        // Two columns, not entities: a fan-out to thousands of followers would otherwise put thousands of managed
        // entities in the publishing session, hydrated and then dirty-checked at each flush of its transaction.
        return s.createSelectionQuery("select r.inbox, r.sharedInbox from Follow f, RemoteActorRecord r where r.id = f.remoteActorId"
                + " and f.localActorId = :l and f.direction = 'inbound' and f.state = 'accepted' order by r.id", Object[].class)
            .setParameter("l", local.id()).getResultList()
            .map(rows -> rows.stream().map(r -> new DeliveryRows.Recipient((String) r[0], (String) r[1])).toList());
    }

    /**
     * Follow handshakes go to the other actor's personal inbox, never its shared one, as Mastodon sends them
     * (FEDERATION.md 5): a shared inbox may route by addressees and drop what it cannot place.
     */
    private static DeliveryRows.Recipient recipient(RemoteActorRecord remote) {
        return new DeliveryRows.Recipient(remote.inbox(), null);
    }

    private static List<DeliveryRows.Recipient> recipients(RemoteActorRecord remote) {
        return List.of(recipient(remote));
    }

    // ---- lists ----

    /** Pending requests this member may decide: to their own account, and to the neighbourhood when coordinating. */
    public Future<Listing<FollowView>> requestsFor(Member m, int offset, int limit) {
        String where = "f.direction = 'inbound' and f.state = 'pending' and (f.localActorId = :me"
            + (m.role().canCoordinate() ? " or (l.kind = 'group' and l.username = :hood))" : ")");
        return list(where, q -> {
            q.setParameter("me", m.actorId());
            if (m.role().canCoordinate()) {
                q.setParameter("hood", neighbourhood);
            }
        }, offset, limit);
    }

    /** Accepted followers of a local actor. */
    public Future<Listing<FollowView>> followersOf(Long localActorId, int offset, int limit) {
        return list("f.direction = 'inbound' and f.state = 'accepted' and f.localActorId = :me", q -> q.setParameter("me", localActorId), offset, limit);
    }

    /** The actors a local actor follows or asked to follow. */
    public Future<Listing<FollowView>> followingOf(Long localActorId, int offset, int limit) {
        return list("f.direction = 'outbound' and f.localActorId = :me", q -> q.setParameter("me", localActorId), offset, limit);
    }

    /** Counts for the collections: accepted followers and accepted following. */
    public Future<Long> count(Long localActorId, Follow.Direction direction) {
        return tx.read(s -> s.createSelectionQuery("select count(f) from Follow f where f.localActorId = :me and f.direction = :d and f.state = 'accepted'", Long.class)
            .setParameter("me", localActorId).setParameter("d", direction.name().toLowerCase()).getSingleResult());
    }

    private interface Binder {
        void bind(Mutiny.SelectionQuery<?> q);
    }

    private Future<Listing<FollowView>> list(String where, Binder binder, int offset, int limit) {
        String from = " from Follow f, LocalActor l, RemoteActorRecord r where l.id = f.localActorId and r.id = f.remoteActorId and ";
        return tx.read(s -> {
            Mutiny.SelectionQuery<Long> count = s.createSelectionQuery("select count(f)" + from + where, Long.class);
            Mutiny.SelectionQuery<Object[]> page = s.createSelectionQuery("select f, l, r" + from + where + " order by f.id", Object[].class);
            binder.bind(count);
            binder.bind(page);
            return count.getSingleResult().chain(total -> page.setFirstResult(offset).setMaxResults(limit).getResultList()
                .map(rows -> new Listing<>(total, rows.stream().map(r -> new FollowView((Follow) r[0], (LocalActor) r[1], (RemoteActorRecord) r[2])).toList(), offset, limit)));
        });
    }

    // ---- helpers ----

    private Uni<LocalActor> localActor(Mutiny.Session s, ActorKind kind, String username) {
        return s.createSelectionQuery("from LocalActor a where a.username = :u and a.kind = :k and (a.kind <> 'person' or exists "
                + "(select 1 from Member m where m.actorId = a.id and m.status = 'active'))", LocalActor.class)
            .setParameter("u", username).setParameter("k", kind.wire()).getSingleResultOrNull();
    }

    private static Uni<Follow> find(Mutiny.Session s, Follow.Direction d, Long local, Long remote) {
        return s.createSelectionQuery("from Follow where direction = :d and localActorId = :l and remoteActorId = :r", Follow.class)
            .setParameter("d", d.name().toLowerCase()).setParameter("l", local).setParameter("r", remote).getSingleResultOrNull();
    }
}
