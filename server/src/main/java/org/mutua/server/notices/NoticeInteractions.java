package org.mutua.server.notices;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.mutua.federation.inbox.Hosts;
import org.mutua.federation.inbox.InboxOutcome;
import org.mutua.federation.vocab.ActivityTypes;
import org.mutua.server.database.Transactions;
import org.mutua.server.members.Listing;

/**
 * What the fediverse does with our notices (FEDERATION.md 4): replies ({@code Create(Note)} with {@code inReplyTo} a
 * notice) are stored under it, edited by their {@code Update} and tombstoned by their {@code Delete}; {@code Like}
 * and {@code Announce} are counted, one per actor, and {@code Undo} takes them back. Every write is one SQL statement
 * whose conditions carry the rules (notice exists and is not deleted, not node-only, public for announces; the same
 * actor for changes), so a refused activity stores nothing. A reply is taken only from someone who may read the
 * notice (the read rule's SQL form). NoticeInbox reads the activities; this class never sees their JSON.
 */
public final class NoticeInteractions {

    private final Transactions tx;
    private final boolean allowHttp;
    private final Clock clock;

    public NoticeInteractions(Transactions tx, boolean allowHttp, Clock clock) {
        this.tx = tx;
        this.allowHttp = allowHttp;
        this.clock = clock;
    }

    /**
     * Counts shown with a notice; node-only notices have none. {@code replies} counts replies addressed to the public,
     * {@code privateReplies} the others, which only whoever may change the notice sees.
     */
    public record Counts(long replies, long privateReplies, long likes, long announces) {
        /** Replies this reader sees. */
        public long repliesFor(boolean includePrivate) {
            return includePrivate ? replies + privateReplies : replies;
        }
    }

    /**
     * A reply with what we know of its author (a handle once their actor was fetched, else the actor's IRI);
     * {@code member} is her actor when a member of this node wrote it here, else null.
     */
    public record ReplyView(NoticeReply reply, String actorName, String actorHandle, org.mutua.server.actors.LocalActor member) {
        public ReplyView(NoticeReply reply, String actorName, String actorHandle) {
            this(reply, actorName, actorHandle, null);
        }
    }

    // ---- inbound (NoticeInbox reads the activities and calls these) ----

    /** A reply from the fediverse, as NoticeInbox read it; {@code contentHtml} is not yet sanitised. */
    public record InboundReply(String uri, String actorUri, String inReplyTo, String contentHtml, Instant published,
                               boolean addressedPublicly, String url) {
    }

    /**
     * A reply is stored when {@code inReplyTo} is a notice of ours that the replier may read (the read rule,
     * {@link NoticeService#remoteMayRead}: a followers-only notice only from an accepted follower, a node-only one
     * never), not deleted, and the reply's id was never tombstoned (FEDERATION.md 6 row 28); a repeat of a known id is
     * a no-op (Mastodon find_existing_status). One statement: the rule is part of its condition. A new reply's last
     * change is its own {@code published}, not the time it arrived: it is not "edited", and an Update dated after it
     * applies even when it arrives later than that.
     */
    public Future<InboxOutcome> replyReceived(InboundReply reply) {
        String html = NoticeText.sanitise(reply.contentHtml());
        Instant now = now();
        Instant shown = reply.published() == null ? now : reply.published().truncatedTo(ChronoUnit.MICROS);
        return tx.inTransaction(s -> s.createNativeQuery("""
                insert into notice_reply (notice_id, uri, actor_uri, content_html, published_at, received_at, updated_at, addressed_publicly, url)
                select n.id, ?1, ?2, ?3, ?4, ?5, ?4, ?7, ?8 from notice n
                 where n.uri = ?6 and n.deleted_at is null and """ + NoticeService.remoteMayRead("?2") + """

                   and not exists (select 1 from remote_tombstone t where t.uri = ?1)
                on conflict (uri) do nothing""")
            .setParameter(1, reply.uri()).setParameter(2, reply.actorUri()).setParameter(3, html)
            .setParameter(4, shown).setParameter(5, now).setParameter(6, reply.inReplyTo())
            .setParameter(7, reply.addressedPublicly()).setParameter(8, reply.url())
            .executeUpdate()).map(NoticeInteractions::outcome);
    }

    /** An edit of a stored reply, by its author, applied only when its {@code updated} is newer (FEDERATION.md 4). */
    public Future<InboxOutcome> replyEdited(String uri, String actorUri, String contentHtml, Instant updated) {
        String html = NoticeText.sanitise(contentHtml);
        Instant when = updated.truncatedTo(ChronoUnit.MICROS);
        return tx.inTransaction(s -> s.createNativeQuery("""
                update notice_reply set content_html = ?1, updated_at = ?2
                 where uri = ?3 and actor_uri = ?4 and deleted_at is null and updated_at < ?2""")
            .setParameter(1, html).setParameter(2, when).setParameter(3, uri).setParameter(4, actorUri)
            .executeUpdate()).map(NoticeInteractions::outcome);
    }

    /**
     * A Delete of a reply by its author tombstones that reply; of anything else on the actor's own host, a tombstone
     * is kept so that a late Create of it is refused (Mastodon delete_arrived_first?). An actor deleting itself never
     * comes here ({@link #actorGone}).
     */
    public Future<InboxOutcome> objectDeleted(String objectUri, String actorUri) {
        boolean sameHost = Hosts.of(objectUri, allowHttp).equals(Hosts.of(actorUri, allowHttp));
        if (!sameHost) {
            return ignored();
        }
        Instant now = now();
        return tx.inTransaction(s -> s.createNativeQuery(
                "update notice_reply set content_html = '', deleted_at = ?1, updated_at = ?1 where uri = ?2 and actor_uri = ?3 and deleted_at is null")
            .setParameter(1, now).setParameter(2, objectUri).setParameter(3, actorUri).executeUpdate()
            .chain(n -> s.createNativeQuery(
                    "insert into remote_tombstone (uri, actor_uri, deleted_at) values (?1, ?2, ?3) on conflict do nothing")
                .setParameter(1, objectUri).setParameter(2, actorUri).setParameter(3, now).executeUpdate()
                .map(t -> n))).map(NoticeInteractions::outcome);
    }

    /** An actor deleted itself: all its replies are tombstoned (Mastodon delete.rb removes an account's statuses). */
    public Future<InboxOutcome> actorGone(String actorUri) {
        Instant now = now();
        return tx.inTransaction(s -> s.createNativeQuery(
                "update notice_reply set content_html = '', deleted_at = ?1, updated_at = ?1 where actor_uri = ?2 and deleted_at is null")
            .setParameter(1, now).setParameter(2, actorUri).executeUpdate()).map(NoticeInteractions::outcome);
    }

    /** What a remote actor may do to a notice: like it (not node-only), or boost it (public only: Mastodon announce.rb). */
    public enum Reaction {
        LIKE("like", "'followers', 'public'"), ANNOUNCE("announce", "'public'");

        private final String kind;
        private final String visibilities;

        Reaction(String kind, String visibilities) {
            this.kind = kind;
            this.visibilities = visibilities;
        }
    }

    /** A Like or Announce of a notice that is not deleted and may receive it; counted once per actor. */
    public Future<InboxOutcome> reacted(Reaction reaction, String actorUri, String activityUri, String noticeUri) {
        return tx.inTransaction(s -> s.createNativeQuery("""
                insert into notice_reaction (notice_id, kind, actor_uri, activity_uri, created_at)
                select n.id, ?1, ?2, ?3, ?4 from notice n
                 where n.uri = ?5 and n.deleted_at is null and n.visibility in (""" + reaction.visibilities + """
                )
                on conflict (notice_id, kind, actor_uri) do nothing""")
            .setParameter(1, reaction.kind).setParameter(2, actorUri).setParameter(3, activityUri).setParameter(4, now())
            .setParameter(5, noticeUri).executeUpdate()).map(NoticeInteractions::outcome);
    }

    /**
     * The actor takes back one of its own reactions, named by the reaction's activity id, or by its kind and the
     * notice's id (either may be null).
     */
    public Future<InboxOutcome> reactionUndone(String actorUri, String activityUri, Reaction reaction, String noticeUri) {
        return tx.inTransaction(s -> s.createNativeQuery("""
                delete from notice_reaction r where r.actor_uri = ?1
                   and (r.activity_uri = ?2
                        or (r.kind = ?3 and r.notice_id in (select n.id from notice n where n.uri = ?4)))""")
            .setParameter(1, actorUri).setParameter(2, activityUri == null ? "" : activityUri)
            .setParameter(3, reaction == null ? "" : reaction.kind).setParameter(4, noticeUri == null ? "" : noticeUri)
            .executeUpdate()).map(NoticeInteractions::outcome);
    }

    /** "Like" or "Announce" for the id of a reaction we counted, for an {@code Undo} that names it only by id. */
    public Future<Optional<String>> typeOfRecorded(String iri) {
        return tx.read(s -> s.createNativeQuery("select kind from notice_reaction where activity_uri = ?1 limit 1", String.class)
            .setParameter(1, iri).getResultList())
            .map(kinds -> kinds.isEmpty() ? Optional.empty()
                : Optional.of(kinds.get(0).equals("announce") ? ActivityTypes.ANNOUNCE : ActivityTypes.LIKE));
    }

    // ---- reads ----

    public Future<Counts> counts(Long noticeId) {
        return tx.read(s -> s.createNativeQuery("""
                select (select count(*) from notice_reply where notice_id = ?1 and deleted_at is null and addressed_publicly),
                       (select count(*) from notice_reply where notice_id = ?1 and deleted_at is null and not addressed_publicly),
                       (select count(*) from notice_reaction where notice_id = ?1 and kind = 'like'),
                       (select count(*) from notice_reaction where notice_id = ?1 and kind = 'announce')""", Object[].class)
            .setParameter(1, noticeId).getSingleResult()
            .map(r -> new Counts(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                ((Number) r[3]).longValue())));
    }

    /**
     * Replies oldest first, deleted ones left out; those not addressed to the public only with {@code includePrivate}
     * (for whoever may change the notice, {@link NoticeService#canChange}).
     */
    public Future<Listing<ReplyView>> replies(Long noticeId, boolean includePrivate, int offset, int limit) {
        String which = includePrivate ? "" : " and r.addressedPublicly = true";
        return tx.read(s -> s.createSelectionQuery("select count(r) from NoticeReply r where r.noticeId = :n and r.deletedAt is null" + which, Long.class)
            .setParameter("n", noticeId).getSingleResult()
            .chain(total -> s.createSelectionQuery("select r, a, l from NoticeReply r left join RemoteActorRecord a on a.uri = r.actorUri"
                    + " left join LocalActor l on l.id = r.localActorId"
                    + " where r.noticeId = :n and r.deletedAt is null" + which + " order by r.receivedAt, r.id", Object[].class)
                .setParameter("n", noticeId).setFirstResult(offset).setMaxResults(limit).getResultList()
                .map(rows -> new Listing<>(total, rows.stream().map(NoticeInteractions::view).toList(), offset, limit))));
    }

    private static ReplyView view(Object[] row) {
        NoticeReply r = (NoticeReply) row[0];
        org.mutua.server.actors.RemoteActorRecord a = (org.mutua.server.actors.RemoteActorRecord) row[1];
        org.mutua.server.actors.LocalActor l = (org.mutua.server.actors.LocalActor) row[2];
        if (l != null) {
            String name = l.displayName() == null || l.displayName().isBlank() ? l.username() : l.displayName();
            return new ReplyView(r, name, l.username(), l);
        }
        if (a == null) {
            return new ReplyView(r, null, r.actorUri());
        }
        return new ReplyView(r, a.displayName(), a.handle());
    }

    // ---- helpers ----

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static InboxOutcome outcome(int changed) {
        return changed > 0 ? InboxOutcome.APPLIED : InboxOutcome.IGNORED;
    }

    private static Future<InboxOutcome> ignored() {
        return Future.succeededFuture(InboxOutcome.IGNORED);
    }


    /** Counts for several notices in one query (list pages); a notice with none maps to zeros. */
    public Future<java.util.Map<Long, Counts>> counts(java.util.Collection<Long> noticeIds) {
        if (noticeIds.isEmpty()) {
            return Future.succeededFuture(java.util.Map.of());
        }
        java.util.List<Long> ids = java.util.List.copyOf(noticeIds);
        String placeholders = java.util.stream.IntStream.rangeClosed(1, ids.size()).mapToObj(i -> "?" + i)
            .collect(java.util.stream.Collectors.joining(", "));
        return tx.read(s -> {
            var q = s.createNativeQuery("""
                select n.id,
                       (select count(*) from notice_reply r where r.notice_id = n.id and r.deleted_at is null and r.addressed_publicly),
                       (select count(*) from notice_reply r where r.notice_id = n.id and r.deleted_at is null and not r.addressed_publicly),
                       (select count(*) from notice_reaction x where x.notice_id = n.id and x.kind = 'like'),
                       (select count(*) from notice_reaction x where x.notice_id = n.id and x.kind = 'announce')
                  from notice n where n.id in (""" + placeholders + ")", Object[].class);
            for (int i = 0; i < ids.size(); i++) {
                q.setParameter(i + 1, ids.get(i));
            }
            return q.getResultList().map(rows -> {
                java.util.Map<Long, Counts> out = new java.util.HashMap<>();
                for (Object[] r : rows) {
                    out.put(((Number) r[0]).longValue(), new Counts(((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                        ((Number) r[3]).longValue(), ((Number) r[4]).longValue()));
                }
                return out;
            });
        });
    }
}
