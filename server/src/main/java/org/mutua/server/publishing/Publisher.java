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
import org.mutua.server.actors.Outbox;
import org.mutua.server.actors.RemoteActors;
import org.mutua.server.actors.Uris;
import org.mutua.server.follows.FollowService;

/**
 * The one publishing path of every feature: an item is addressed for its {@link Audience} ({@link #address}: the
 * publishing actor, {@code to}/{@code cc} and recipients, decided in one switch), wrapped in {@code Create},
 * {@code Update} or {@code Delete}, and queued in the caller's transaction to its current recipients and, for a
 * Delete, also to every inbox that received the item before. Node-only items are never queued. Callers run
 * {@link #committed()} after commit.
 */
public final class Publisher {

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

    /** Who publishes an item for this audience, its {@code to}/{@code cc} and its recipients. */
    public Addressing address(Audience audience, Audience.Voices voices) {
        return audience.addressing(voices, uris);
    }

    /**
     * The {@code Create} of an addressed object, with the id {@link Uris#createOf} gives it.
     */
    public JsonObject createOf(JsonObject object, Addressing addressing, Instant published) {
        return wrap("Create", Uris.createOf(object.getString("id")), addressing.applyTo(object), addressing, published);
    }

    /** Queues the {@code Create} to the item's recipients. */
    public Uni<Integer> create(Mutiny.Session s, Addressing addressing, JsonObject object, Instant published) {
        if (!addressing.delivered()) {
            return Uni.createFrom().item(0);
        }
        JsonObject activity = createOf(object, addressing, published);
        return recipients(s, addressing).chain(recipients -> outbox.enqueue(s, addressing.actor(), activity, object.getString("id"), recipients));
    }

    /**
     * Queues an {@code Update} of the object, which must carry {@code updated}: Mastodon applies an Update of a Note
     * only then (process_status_update_service.rb). It goes to the item's current audience only, never to someone who
     * has since unfollowed, been removed or rejected (FEDERATION.md 3.3): an edit of a followers-only post is new
     * private speech. Who it reaches is remembered, so the Delete reaches them too.
     */
    public Uni<Integer> update(Mutiny.Session s, Addressing addressing, JsonObject object, Instant updated) {
        if (!addressing.delivered()) {
            return Uni.createFrom().item(0);
        }
        JsonObject activity = wrap("Update", uris.newActivity(), addressing.applyTo(object), addressing, updated);
        return recipients(s, addressing).chain(now -> outbox.enqueue(s, addressing.actor(), activity, object.getString("id"), now));
    }

    /** Queues {@code Delete{Tombstone}} (FEDERATION.md 3.3) of the object to everyone who got it. */
    public Uni<Integer> delete(Mutiny.Session s, Addressing addressing, String objectId, String formerType, Instant deleted) {
        JsonObject tombstone = new JsonObject().put("id", objectId).put("type", "Tombstone").put("formerType", formerType);
        JsonObject activity = addressing.applyTo(wrap("Delete", uris.newActivity(), tombstone, addressing, deleted));
        return toEveryoneWhoGotIt(s, addressing, objectId, activity);
    }

    /** The body of a deleted object's 410 (FEDERATION.md 5 "Tombstones"). */
    public static JsonObject tombstone(String objectId, String formerType, Instant deleted) {
        return new JsonObject().put("@context", ActivityStreams.CONTEXT).put("id", objectId).put("type", "Tombstone").put("formerType", formerType)
            .put("deleted", deleted.toString());
    }

    /** Wakes the delivery workers; call once the transaction that queued rows has committed. */
    public void committed() {
        outbox.queued();
    }

    /** The inboxes an addressing reaches now, read in the caller's transaction. */
    private static Uni<List<DeliveryRows.Recipient>> recipients(Mutiny.Session s, Addressing addressing) {
        Addressing.Recipients r = addressing.recipients();
        if (r instanceof Addressing.FollowersOf f) {
            return FollowService.acceptedFollowerInboxes(s, f.actor());
        }
        if (r instanceof Addressing.Addressees a) {
            return RemoteActors.inboxesOf(s, a.actorUris());
        }
        return Uni.createFrom().item(List.of());
    }

    private Uni<Integer> toEveryoneWhoGotIt(Mutiny.Session s, Addressing addressing, String objectId, JsonObject activity) {
        if (!addressing.delivered()) {
            return Uni.createFrom().item(0);
        }
        return recipients(s, addressing)
            .chain(now -> Outbox.audience(s, objectId).chain(earlier -> {
                List<DeliveryRows.Recipient> all = new ArrayList<>(now);
                all.addAll(earlier);
                return outbox.enqueue(s, addressing.actor(), activity, objectId, all);
            }));
    }

    /** Create/Update/Delete with the object's own addressing (FEDERATION.md 3: Create.to/cc equal the object's). */
    private JsonObject wrap(String type, String id, JsonObject object, Addressing addressing, Instant when) {
        JsonObject inner = object.copy();
        inner.remove("@context");
        JsonObject activity = new JsonObject().put("@context", context()).put("id", id).put("type", type)
            .put("actor", uris.actor(addressing.actor())).put("published", when.toString());
        if (inner.containsKey("to")) {
            activity.put("to", inner.getJsonArray("to").copy()).put("cc", inner.getJsonArray("cc", new JsonArray()).copy());
        }
        return activity.put("object", inner);
    }
}
