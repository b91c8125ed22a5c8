package org.mutua.server.notices;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.mutua.federation.inbox.Hosts;
import org.mutua.federation.inbox.InboundActivity;
import org.mutua.federation.inbox.InboxOutcome;
import org.mutua.federation.vocab.ActivityStreams;
import org.mutua.federation.vocab.ActivityTypes;
import org.mutua.federation.vocab.Ids;
import org.mutua.federation.vocab.ObjectTypes;
import org.mutua.server.database.Transactions;
import org.mutua.server.members.Listing;

/**
 * What the fediverse does with our notices (FEDERATION.md 4): replies ({@code Create(Note)} with {@code inReplyTo} a
 * notice) are stored under it, edited by their {@code Update} and tombstoned by their {@code Delete}; {@code Like}
 * and {@code Announce} are counted, one per actor, and {@code Undo} takes them back. Every write is one SQL statement
 * whose conditions carry the rules (notice exists and is not deleted, not node-only, public for announces; the same
 * actor for changes), so a refused activity stores nothing.
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

    /** A reply with what we know of its author (a handle once their actor was fetched, else the actor's IRI). */
    public record ReplyView(NoticeReply reply, String actorName, String actorHandle) {
    }

    // ---- inbound ----

    /**
     * A reply: stored when {@code inReplyTo} is a notice of ours that is not deleted or node-only and the reply's id
     * was never tombstoned (FEDERATION.md 6 row 28); a repeat of a known id is a no-op (Mastodon find_existing_status).
     */
    public Future<InboxOutcome> receiveCreate(InboundActivity activity) {
        JsonObject note = activity.embeddedObject();
        if (note == null || !ObjectTypes.NOTE.equals(Ids.type(note)) || Ids.of(note) == null) {
            return ignored();
        }
        String inReplyTo = Ids.of(note, "inReplyTo");
        if (inReplyTo == null) {
            return ignored();
        }
        String html = NoticeText.sanitise(text(note));
        Instant now = now();
        Instant published = instant(note.getString("published"));
        Instant shown = published == null ? now : published;
        return tx.inTransaction(s -> s.createNativeQuery("""
                insert into notice_reply (notice_id, uri, actor_uri, content_html, published_at, received_at, updated_at, addressed_publicly)
                select n.id, ?1, ?2, ?3, ?4, ?5, ?5, ?7 from notice n
                 where n.uri = ?6 and n.deleted_at is null and n.visibility <> 'local'
                   and not exists (select 1 from remote_tombstone t where t.uri = ?1)
                on conflict (uri) do nothing""")
            .setParameter(1, Ids.of(note)).setParameter(2, activity.actor()).setParameter(3, html)
            .setParameter(4, shown).setParameter(5, now).setParameter(6, inReplyTo)
            .setParameter(7, ActivityStreams.addressesPublic(note))
            .executeUpdate()).map(NoticeInteractions::outcome);
    }

    /** An edit of a stored reply, by its author, applied only when its {@code updated} is newer (FEDERATION.md 4). */
    public Future<InboxOutcome> receiveUpdate(InboundActivity activity) {
        JsonObject note = activity.embeddedObject();
        if (note == null || !ObjectTypes.NOTE.equals(Ids.type(note)) || Ids.of(note) == null) {
            return ignored();
        }
        Instant updated = instant(note.getString("updated"));
        if (updated == null) {
            return ignored();
        }
        String html = NoticeText.sanitise(text(note));
        return tx.inTransaction(s -> s.createNativeQuery("""
                update notice_reply set content_html = ?1, updated_at = ?2
                 where uri = ?3 and actor_uri = ?4 and deleted_at is null and updated_at < ?2""")
            .setParameter(1, html).setParameter(2, updated).setParameter(3, Ids.of(note)).setParameter(4, activity.actor())
            .executeUpdate()).map(NoticeInteractions::outcome);
    }

    /**
     * A Delete of a reply by its author tombstones that reply; of anything else on the actor's own host, a tombstone
     * is kept so that a late Create of it is refused (Mastodon delete_arrived_first?). An actor deleting itself never
     * comes here ({@link #receiveActorDelete}).
     */
    public Future<InboxOutcome> receiveDelete(InboundActivity activity) {
        String objectId = activity.objectId();
        if (objectId == null) {
            return ignored();
        }
        Instant now = now();
        boolean sameHost = Hosts.of(objectId, allowHttp).equals(Hosts.of(activity.actor(), allowHttp));
        if (!sameHost) {
            return ignored();
        }
        return tx.inTransaction(s -> s.createNativeQuery(
                "update notice_reply set content_html = '', deleted_at = ?1, updated_at = ?1 where uri = ?2 and actor_uri = ?3 and deleted_at is null")
            .setParameter(1, now).setParameter(2, objectId).setParameter(3, activity.actor()).executeUpdate()
            .chain(n -> s.createNativeQuery(
                    "insert into remote_tombstone (uri, actor_uri, deleted_at) values (?1, ?2, ?3) on conflict do nothing")
                .setParameter(1, objectId).setParameter(2, activity.actor()).setParameter(3, now).executeUpdate()
                .map(t -> n))).map(NoticeInteractions::outcome);
    }

    /** An actor deleted itself: all its replies are tombstoned (Mastodon delete.rb removes an account's statuses). */
    public Future<InboxOutcome> receiveActorDelete(InboundActivity activity) {
        Instant now = now();
        return tx.inTransaction(s -> s.createNativeQuery(
                "update notice_reply set content_html = '', deleted_at = ?1, updated_at = ?1 where actor_uri = ?2 and deleted_at is null")
            .setParameter(1, now).setParameter(2, activity.actor()).executeUpdate()).map(NoticeInteractions::outcome);
    }

    /** A Like of a notice that is not deleted or node-only; counted once per actor. */
    public Future<InboxOutcome> receiveLike(InboundActivity activity) {
        return react(activity, "like", "'followers', 'public'");
    }

    /** An Announce (boost) of a public notice; others are ignored (Mastodon announce.rb announceable?). */
    public Future<InboxOutcome> receiveAnnounce(InboundActivity activity) {
        return react(activity, "announce", "'public'");
    }

    private Future<InboxOutcome> react(InboundActivity activity, String kind, String visibilities) {
        String objectId = activity.objectId();
        if (objectId == null) {
            return ignored();
        }
        return tx.inTransaction(s -> s.createNativeQuery("""
                insert into notice_reaction (notice_id, kind, actor_uri, activity_uri, created_at)
                select n.id, ?1, ?2, ?3, ?4 from notice n
                 where n.uri = ?5 and n.deleted_at is null and n.visibility in (""" + visibilities + """
                )
                on conflict (notice_id, kind, actor_uri) do nothing""")
            .setParameter(1, kind).setParameter(2, activity.actor()).setParameter(3, activity.id()).setParameter(4, now())
            .setParameter(5, objectId).executeUpdate()).map(NoticeInteractions::outcome);
    }

    /** Undo of a Like or Announce, by the activity's id or by its embedded type and object, same actor only. */
    public Future<InboxOutcome> receiveUndo(InboundActivity activity) {
        JsonObject inner = activity.embeddedObject();
        String innerType = inner == null ? null : Ids.type(inner);
        if (innerType != null && !innerType.equals(ActivityTypes.LIKE) && !innerType.equals(ActivityTypes.ANNOUNCE)) {
            return ignored();
        }
        // Only one's own reaction can be taken back (FEDERATION.md 4: "same actor").
        if (inner != null && inner.getValue("actor") != null && !activity.actor().equals(Ids.of(inner, "actor"))) {
            return ignored();
        }
        String innerId = activity.objectId();
        String kind = innerType == null ? null : innerType.toLowerCase();
        String target = inner == null ? null : Ids.of(inner, "object");
        return tx.inTransaction(s -> s.createNativeQuery("""
                delete from notice_reaction r where r.actor_uri = ?1
                   and (r.activity_uri = ?2
                        or (r.kind = ?3 and r.notice_id in (select n.id from notice n where n.uri = ?4)))""")
            .setParameter(1, activity.actor()).setParameter(2, innerId == null ? "" : innerId)
            .setParameter(3, kind == null ? "" : kind).setParameter(4, target == null ? "" : target)
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
            .chain(total -> s.createSelectionQuery("select r, a from NoticeReply r left join RemoteActorRecord a on a.uri = r.actorUri"
                    + " where r.noticeId = :n and r.deletedAt is null" + which + " order by r.receivedAt, r.id", Object[].class)
                .setParameter("n", noticeId).setFirstResult(offset).setMaxResults(limit).getResultList()
                .map(rows -> new Listing<>(total, rows.stream().map(NoticeInteractions::view).toList(), offset, limit))));
    }

    private static ReplyView view(Object[] row) {
        NoticeReply r = (NoticeReply) row[0];
        org.mutua.server.actors.RemoteActorRecord a = (org.mutua.server.actors.RemoteActorRecord) row[1];
        if (a == null) {
            return new ReplyView(r, null, r.actorUri());
        }
        return new ReplyView(r, a.displayName(), a.handle());
    }

    // ---- helpers ----

    /** {@code content}, else the first value of {@code contentMap}, else empty. */
    private static String text(JsonObject note) {
        String content = note.getValue("content") instanceof String c ? c : null;
        if (content == null && note.getValue("contentMap") instanceof JsonObject map) {
            content = map.stream().map(e -> e.getValue()).filter(v -> v instanceof String).map(String.class::cast).findFirst().orElse(null);
        }
        return content == null ? "" : content;
    }

    private static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

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
