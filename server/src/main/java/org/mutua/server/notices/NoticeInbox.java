package org.mutua.server.notices;

import static org.mutua.federation.vocab.ActivityTypes.ANNOUNCE;
import static org.mutua.federation.vocab.ActivityTypes.CREATE;
import static org.mutua.federation.vocab.ActivityTypes.DELETE;
import static org.mutua.federation.vocab.ActivityTypes.LIKE;
import static org.mutua.federation.vocab.ActivityTypes.UNDO;
import static org.mutua.federation.vocab.ActivityTypes.UPDATE;
import static org.mutua.federation.vocab.ObjectTypes.NOTE;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.mutua.federation.inbox.InboundActivity;
import org.mutua.federation.inbox.InboxHandlers;
import org.mutua.federation.inbox.InboxKey;
import org.mutua.federation.inbox.InboxOutcome;
import org.mutua.federation.vocab.ActivityStreams;
import org.mutua.federation.vocab.Ids;

/**
 * The notices feature's inbox (STYLE.md 1: each feature registers its own listeners): reads replies, their edits and
 * deletes, likes, boosts and their undoing from the activities as received, and calls {@link NoticeInteractions},
 * which holds the rules. Nothing here writes to the database.
 */
final class NoticeInbox {
    private final NoticeInteractions interactions;
    private final CreateByReference byReference;

    NoticeInbox(NoticeInteractions interactions, CreateByReference byReference) {
        this.interactions = interactions;
        this.byReference = byReference;
    }

    void register(InboxHandlers handlers) {
        handlers.on(InboxKey.of(CREATE).object(NOTE), this::create)
            .on(CREATE, this::createByReference)
            .on(InboxKey.of(UPDATE).object(NOTE), this::update)
            .on(DELETE, this::delete)
            .on(InboxKey.of(LIKE).ours(), a -> react(a, NoticeInteractions.Reaction.LIKE))
            .on(InboxKey.of(ANNOUNCE).ours(), a -> react(a, NoticeInteractions.Reaction.ANNOUNCE))
            .on(InboxKey.of(UNDO).object(LIKE), this::undo)
            .on(InboxKey.of(UNDO).object(ANNOUNCE), this::undo)
            .onActorDeleted(a -> interactions.actorGone(a.actor()))
            .lookup(interactions::typeOfRecorded);
    }

    /** {@code Create{Note}}: a reply when it has an id and {@code inReplyTo}. */
    private Future<InboxOutcome> create(InboundActivity activity) {
        JsonObject note = activity.embeddedObject();
        if (note == null || !NOTE.equals(Ids.type(note)) || Ids.of(note) == null) {
            return ignored();
        }
        String inReplyTo = Ids.of(note, "inReplyTo");
        if (inReplyTo == null) {
            return ignored();
        }
        return interactions.replyReceived(new NoticeInteractions.InboundReply(Ids.of(note), activity.actor(), inReplyTo,
            text(note), instant(note.getString("published")), ActivityStreams.addressesPublic(note), pageUrl(note)));
    }

    /**
     * Any other {@code Create}: one whose object is only an IRI is fetched and then read as if it had been embedded
     * ({@link CreateByReference}); an embedded object of another type than Note is not ours to take.
     */
    private Future<InboxOutcome> createByReference(InboundActivity activity) {
        if (activity.embeddedObject() != null || activity.objectId() == null) {
            return ignored();
        }
        return byReference.embed(activity).compose(e -> e.refused() ? Future.succeededFuture(InboxOutcome.REFUSED) : create(e.activity()));
    }

    /** {@code Update{Note}}: an edit, which must say when it was made. */
    private Future<InboxOutcome> update(InboundActivity activity) {
        JsonObject note = activity.embeddedObject();
        if (note == null || !NOTE.equals(Ids.type(note)) || Ids.of(note) == null) {
            return ignored();
        }
        Instant updated = instant(note.getString("updated"));
        if (updated == null) {
            return ignored();
        }
        return interactions.replyEdited(Ids.of(note), activity.actor(), text(note), updated);
    }

    /** {@code Delete} of an object (an actor deleting itself goes to {@link InboxHandlers#onActorDeleted} instead). */
    private Future<InboxOutcome> delete(InboundActivity activity) {
        String objectId = activity.objectId();
        if (objectId == null) {
            return ignored();
        }
        return interactions.objectDeleted(objectId, activity.actor());
    }

    private Future<InboxOutcome> react(InboundActivity activity, NoticeInteractions.Reaction reaction) {
        String objectId = activity.objectId();
        if (objectId == null) {
            return ignored();
        }
        return interactions.reacted(reaction, activity.actor(), activity.id(), objectId);
    }

    /** {@code Undo} of a Like or Announce, by the activity's id or embedded with its type and object; one's own only. */
    private Future<InboxOutcome> undo(InboundActivity activity) {
        JsonObject inner = activity.embeddedObject();
        String innerType = inner == null ? null : Ids.type(inner);
        if (innerType != null && !innerType.equals(LIKE) && !innerType.equals(ANNOUNCE)) {
            return ignored();
        }
        // Only one's own reaction can be taken back (FEDERATION.md 4: "same actor").
        if (inner != null && inner.getValue("actor") != null && !activity.actor().equals(Ids.of(inner, "actor"))) {
            return ignored();
        }
        NoticeInteractions.Reaction reaction = innerType == null ? null
            : innerType.equals(LIKE) ? NoticeInteractions.Reaction.LIKE : NoticeInteractions.Reaction.ANNOUNCE;
        return interactions.reactionUndone(activity.actor(), activity.objectId(), reaction, inner == null ? null : Ids.of(inner, "object"));
    }

    /**
     * The note's {@code url} (a string, a Link's {@code href}, or the first of an array of them) when it is an http(s)
     * address other than its id: a page to link to, never an identity (FEDERATION.md 6 row 26).
     */
    private static String pageUrl(JsonObject note) {
        Object url = note.getValue("url");
        if (url instanceof io.vertx.core.json.JsonArray list) {
            url = list.isEmpty() ? null : list.getValue(0);
        }
        if (url instanceof JsonObject link) {
            url = link.getValue("href");
        }
        if (!(url instanceof String s) || s.length() > 2048 || s.equals(Ids.of(note))
            || !(s.startsWith("https://") || s.startsWith("http://"))) {
            return null;
        }
        try {
            return java.net.URI.create(s).getHost() == null ? null : s;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

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
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Future<InboxOutcome> ignored() {
        return Future.succeededFuture(InboxOutcome.IGNORED);
    }
}
