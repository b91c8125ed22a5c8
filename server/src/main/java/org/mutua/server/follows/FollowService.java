package org.mutua.server.follows;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * followers-only content. Local and remote actions go through the same methods. A member following another member of
 * this node is the same request, decided the same way, but stored as one {@code local} row and never delivered: no
 * WebFinger, no fetch of our own domain, no delivery row.
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

    /**
     * A follow with both ends, for lists and API answers: {@code local} is the end on the side of whoever asked (the
     * member or the neighbourhood whose list it is), the other end is {@code remote}, or {@code neighbour} for a local
     * follow (then {@code remote} is null).
     */
    public record FollowView(Follow follow, LocalActor local, RemoteActorRecord remote, LocalActor neighbour) {
        FollowView(Follow follow, LocalActor local, RemoteActorRecord remote) {
            this(follow, local, remote, null);
        }

        /** Does {@code local} follow {@code neighbour} (rather than the other way round)? Only for local follows. */
        public boolean localFollows() {
            return follow.direction() == Follow.Direction.LOCAL && follow.followerActorId().equals(local.id());
        }
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
        Optional<Map.Entry<ActorKind, String>> neighbour = localTarget(target);
        if (neighbour.isPresent()) {
            return followLocal(member, neighbour.get().getKey(), neighbour.get().getValue());
        }
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

    /**
     * A target on this node: an actor id of ours, or a handle {@code name@ourdomain}. Those are followed locally, since
     * our own domain may well resolve to an address we refuse to fetch (private, or ourselves behind a proxy).
     */
    private Optional<Map.Entry<ActorKind, String>> localTarget(String target) {
        if (target == null) {
            return Optional.empty();
        }
        String t = target.trim();
        if (uris.isOurs(t)) {
            return uris.parseActor(t).or(() -> Optional.of(Map.entry(ActorKind.PERSON, "")));
        }
        String handle = t.startsWith("@") ? t.substring(1) : t;
        int at = handle.lastIndexOf('@');
        String domain = uris.base().substring(uris.base().indexOf("://") + 3);
        if (at <= 0 || !handle.substring(at + 1).equalsIgnoreCase(domain)) {
            return Optional.empty();
        }
        return Optional.of(Map.entry(ActorKind.PERSON, handle.substring(0, at).toLowerCase(Locale.ROOT)));
    }

    /** A member asks to follow another member of this node: pending until that member accepts, as from afar. */
    private Future<FollowView> followLocal(Member member, ActorKind kind, String username) {
        if (kind != ActorKind.PERSON) {
            return Future.failedFuture(Problem.invalid("target", "error.target.neighbourhood", "every member already reads what the neighbourhood posts"));
        }
        return tx.inTransaction(s -> localActor(s, kind, username).chain(followed -> {
            if (followed == null) {
                throw new Problem(404, "target", "error.target.notFound", "no member " + username + " on this node");
            }
            if (followed.id().equals(member.actorId())) {
                throw Problem.invalid("target", "error.target.self", "you cannot follow yourself");
            }
            return s.find(LocalActor.class, member.actorId()).chain(me -> findLocal(s, followed.id(), me.id()).chain(existing -> {
                if (existing != null) {
                    if (existing.state() == Follow.State.REJECTED) {
                        // Asking again after a refusal or a removal is a new request, as for a remote follower.
                        existing.decide(Follow.State.PENDING, clock.instant());
                    }
                    return Uni.createFrom().item(new FollowView(existing, me, null, followed));
                }
                Follow f = Follow.local(RandomTokens.urlSafe(12), followed.id(), me.id(), uris.newActivity(), clock.instant());
                return s.persist(f).replaceWith(new FollowView(f, me, null, followed));
            }));
        })).onSuccess(v -> LOG.info("{} asks to follow {} (local)", member.username(), username));
    }

    /** Ends one of the member's follows (or withdraws the request) with {@code Undo{Follow}}; a local one just ends. */
    public Future<Void> unfollow(Member member, String publicId) {
        return tx.inTransaction(s -> s.createSelectionQuery("from Follow where publicId = :p and ((direction = 'outbound' and localActorId = :l)"
                + " or (direction = 'local' and followerActorId = :l))", Follow.class)
            .setParameter("p", publicId).setParameter("l", member.actorId()).getSingleResultOrNull()
            .chain(f -> {
                if (f == null) {
                    throw Problem.notFound("error.notFound", "no such follow");
                }
                if (f.direction() == Follow.Direction.LOCAL) {
                    return s.remove(f);
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
        return tx.inTransaction(s -> s.createSelectionQuery("from Follow where publicId = :p and direction in ('inbound', 'local')", Follow.class)
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
                    if (f.direction() == Follow.Direction.LOCAL) {
                        f.decide(accept ? Follow.State.ACCEPTED : Follow.State.REJECTED, clock.instant());
                        return s.find(LocalActor.class, f.followerActorId()).map(follower -> new FollowView(f, local, null, follower));
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
        return tx.inTransaction(s -> s.createSelectionQuery("from Follow where publicId = :p and direction in ('inbound', 'local') and state = 'accepted'", Follow.class)
            .setParameter("p", publicId).getSingleResultOrNull()
            .chain(f -> {
                if (f == null) {
                    throw Problem.notFound("error.notFound", "no such follower");
                }
                return s.find(LocalActor.class, f.localActorId()).chain(local -> {
                    if (!mayDecide(member, local)) {
                        throw Problem.notFound("error.notFound", "no such follower");
                    }
                    if (f.direction() == Follow.Direction.LOCAL) {
                        f.decide(Follow.State.REJECTED, clock.instant());
                        return Uni.createFrom().item(0);
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
        String where = "f.direction in ('inbound', 'local') and f.state = 'pending' and (f.localActorId = :me"
            + (m.role().canCoordinate() ? " or (l.kind = 'group' and l.username = :hood))" : ")");
        return list(where, q -> {
            q.setParameter("me", m.actorId());
            if (m.role().canCoordinate()) {
                q.setParameter("hood", neighbourhood);
            }
        }, m.actorId(), offset, limit);
    }

    /** Accepted followers of a local actor, remote and local. */
    public Future<Listing<FollowView>> followersOf(Long localActorId, int offset, int limit) {
        return list(FOLLOWERS_OF + " and f.state = 'accepted'", q -> q.setParameter("me", localActorId), localActorId, offset, limit);
    }

    /** The actors a local actor follows or asked to follow, remote and local. */
    public Future<Listing<FollowView>> followingOf(Long localActorId, int offset, int limit) {
        return list(FOLLOWING_OF, q -> q.setParameter("me", localActorId), localActorId, offset, limit);
    }

    private static final String FOLLOWERS_OF = "f.direction in ('inbound', 'local') and f.localActorId = :me";
    private static final String FOLLOWING_OF = "((f.direction = 'outbound' and f.localActorId = :me) or (f.direction = 'local' and f.followerActorId = :me))";

    /** The member's local follow of another member, if any. */
    public Future<Optional<Follow>> localFollow(Long followerActorId, Long followedActorId) {
        return tx.read(s -> findLocal(s, followedActorId, followerActorId)).map(Optional::ofNullable);
    }

    /** Counts for the collections: accepted followers and accepted following, local follows included. */
    public Future<Long> count(Long localActorId, Follow.Direction direction) {
        String who = direction == Follow.Direction.INBOUND ? FOLLOWERS_OF : FOLLOWING_OF;
        return tx.read(s -> s.createSelectionQuery("select count(f) from Follow f where " + who + " and f.state = 'accepted'", Long.class)
            .setParameter("me", localActorId).getSingleResult());
    }

    private interface Binder {
        void bind(Mutiny.SelectionQuery<?> q);
    }

    /** A page of follows as seen from {@code viewer}'s side (the local actor whose list it is). */
    private Future<Listing<FollowView>> list(String where, Binder binder, Long viewer, int offset, int limit) {
        String from = " from Follow f join LocalActor l on l.id = f.localActorId left join RemoteActorRecord r on r.id = f.remoteActorId"
            + " left join LocalActor p on p.id = f.followerActorId where ";
        return tx.read(s -> {
            Mutiny.SelectionQuery<Long> count = s.createSelectionQuery("select count(f)" + from + where, Long.class);
            Mutiny.SelectionQuery<Object[]> page = s.createSelectionQuery("select f, l, r, p" + from + where + " order by f.id", Object[].class);
            binder.bind(count);
            binder.bind(page);
            return count.getSingleResult().chain(total -> page.setFirstResult(offset).setMaxResults(limit).getResultList()
                .map(rows -> new Listing<>(total, rows.stream().map(r -> view(r, viewer)).toList(), offset, limit)));
        });
    }

    private static FollowView view(Object[] row, Long viewer) {
        Follow f = (Follow) row[0];
        if (f.direction() == Follow.Direction.LOCAL && f.followerActorId().equals(viewer)) {
            return new FollowView(f, (LocalActor) row[3], null, (LocalActor) row[1]);
        }
        return new FollowView(f, (LocalActor) row[1], (RemoteActorRecord) row[2], (LocalActor) row[3]);
    }

    // ---- helpers ----

    private Uni<LocalActor> localActor(Mutiny.Session s, ActorKind kind, String username) {
        return s.createSelectionQuery("from LocalActor a where a.username = :u and a.kind = :k and (a.kind <> 'person' or exists "
                + "(select 1 from Member m where m.actorId = a.id and m.status = 'active'))", LocalActor.class)
            .setParameter("u", username).setParameter("k", kind.wire()).getSingleResultOrNull();
    }

    private static Uni<Follow> findLocal(Mutiny.Session s, Long followed, Long follower) {
        return s.createSelectionQuery("from Follow where direction = 'local' and localActorId = :l and followerActorId = :f", Follow.class)
            .setParameter("l", followed).setParameter("f", follower).getSingleResultOrNull();
    }

    private static Uni<Follow> find(Mutiny.Session s, Follow.Direction d, Long local, Long remote) {
        return s.createSelectionQuery("from Follow where direction = :d and localActorId = :l and remoteActorId = :r", Follow.class)
            .setParameter("d", d.name().toLowerCase()).setParameter("l", local).setParameter("r", remote).getSingleResultOrNull();
    }
}
