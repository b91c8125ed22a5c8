package org.mutua.server.publishing;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;
import org.mutua.federation.delivery.DeliveryRows;
import org.mutua.federation.vocab.ActivityStreams;
import org.mutua.federation.vocab.Contexts;
import org.mutua.server.actors.LocalActor;
import org.mutua.server.actors.Outbox;
import org.mutua.server.actors.Uris;
import org.mutua.server.follows.FollowService;

/**
 * The one publishing path that notices use and requests, offers and assemblies will (issue 5): it addresses an object
 * for its audience (FEDERATION.md 3: {@code to}/{@code cc} arrays, followers-only means the author's followers IRI in
 * {@code to}), wraps it in {@code Create}, {@code Update} or {@code Delete}, and queues it in the caller's transaction
 * to the author's accepted followers (never pending ones, FEDERATION.md 5) and, for Update and Delete, to every inbox
 * that received the object before. Node-only objects are never queued. Callers run {@link #committed()} after commit.
 */
public final class Publisher {
    /** Kept for callers; the constant lives in {@link ActivityStreams}. */
    public static final String AS = ActivityStreams.CONTEXT;
    /** Kept for callers; the constant lives in {@link ActivityStreams}. */
    public static final String PUBLIC = ActivityStreams.PUBLIC;

    private final Uris uris;
    private final Outbox outbox;

    public Publisher(Uris uris, Outbox outbox) {
        this.uris = uris;
        this.outbox = outbox;
    }

    /** The context of every object Mutua publishes ({@link Contexts#published()}). */
    public static JsonArray context() {
        return Contexts.published();
    }

    /** Sets {@code to} and {@code cc} on the object for its audience and answers it. */
    public JsonObject address(JsonObject object, LocalActor author, Audience audience) {
        String followers = uris.actor(author) + "/followers";
        JsonArray to = new JsonArray();
        JsonArray cc = new JsonArray();
        if (audience == Audience.PUBLIC) {
            to.add(PUBLIC);
            cc.add(followers);
        } else {
            to.add(followers);
        }
        return object.put("to", to).put("cc", cc);
    }

    /**
     * The {@code Create} of an addressed object. Its id is the object's plus {@code /activity}, as Mastodon's
     * (TagManager#activity_uri_for), so the outbox shows the same activity that was delivered.
     */
    public JsonObject createOf(JsonObject object, LocalActor author, Instant published) {
        return wrap("Create", object.getString("id") + "/activity", object, author, published);
    }

    /** Queues the {@code Create} to the author's accepted followers. */
    public Uni<Integer> create(Mutiny.Session s, LocalActor author, Audience audience, JsonObject object, Instant published) {
        if (audience == Audience.LOCAL) {
            return Uni.createFrom().item(0);
        }
        JsonObject activity = createOf(object, author, published);
        return FollowService.acceptedFollowerInboxes(s, author)
            .chain(recipients -> outbox.enqueue(s, author, activity, object.getString("id"), recipients));
    }

    /**
     * Queues an {@code Update} of the object, which must carry {@code updated}: Mastodon applies an Update of a Note
     * only then (process_status_update_service.rb).
     */
    public Uni<Integer> update(Mutiny.Session s, LocalActor author, Audience audience, JsonObject object, Instant updated) {
        return toEveryoneWhoGotIt(s, author, audience, object.getString("id"),
            wrap("Update", uris.newActivity(), object, author, updated));
    }

    /** Queues {@code Delete{Tombstone}} (FEDERATION.md 3.3) of the object to everyone who got it. */
    public Uni<Integer> delete(Mutiny.Session s, LocalActor author, Audience audience, String objectId, String formerType, Instant deleted) {
        JsonObject tombstone = new JsonObject().put("id", objectId).put("type", "Tombstone").put("formerType", formerType);
        JsonObject activity = address(wrap("Delete", uris.newActivity(), tombstone, author, deleted), author, audience);
        return toEveryoneWhoGotIt(s, author, audience, objectId, activity);
    }

    /** The body of a deleted object's 410 (FEDERATION.md 5 "Tombstones"). */
    public static JsonObject tombstone(String objectId, String formerType, Instant deleted) {
        return new JsonObject().put("@context", AS).put("id", objectId).put("type", "Tombstone").put("formerType", formerType)
            .put("deleted", deleted.toString());
    }

    /** Wakes the delivery workers; call once the transaction that queued rows has committed. */
    public void committed() {
        outbox.queued();
    }

    private Uni<Integer> toEveryoneWhoGotIt(Mutiny.Session s, LocalActor author, Audience audience, String objectId, JsonObject activity) {
        if (audience == Audience.LOCAL) {
            return Uni.createFrom().item(0);
        }
        return FollowService.acceptedFollowerInboxes(s, author)
            .chain(followers -> Outbox.audience(s, objectId).chain(earlier -> {
                List<DeliveryRows.Recipient> all = new ArrayList<>(followers);
                all.addAll(earlier);
                return outbox.enqueue(s, author, activity, objectId, all);
            }));
    }

    /** Create/Update/Delete with the object's own addressing (FEDERATION.md 3: Create.to/cc equal the object's). */
    private JsonObject wrap(String type, String id, JsonObject object, LocalActor author, Instant when) {
        JsonObject inner = object.copy();
        inner.remove("@context");
        JsonObject activity = new JsonObject().put("@context", context()).put("id", id).put("type", type)
            .put("actor", uris.actor(author)).put("published", when.toString());
        if (inner.containsKey("to")) {
            activity.put("to", inner.getJsonArray("to").copy()).put("cc", inner.getJsonArray("cc", new JsonArray()).copy());
        }
        return activity.put("object", inner);
    }
}
