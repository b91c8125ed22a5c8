package org.mutua.server.follows;

import static org.mutua.federation.vocab.ActivityTypes.ACCEPT;
import static org.mutua.federation.vocab.ActivityTypes.BLOCK;
import static org.mutua.federation.vocab.ActivityTypes.FOLLOW;
import static org.mutua.federation.vocab.ActivityTypes.REJECT;
import static org.mutua.federation.vocab.ActivityTypes.UNDO;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import org.mutua.federation.inbox.InboundActivity;
import org.mutua.federation.inbox.InboxHandlers;
import org.mutua.federation.inbox.InboxKey;
import org.mutua.federation.inbox.InboxOutcome;
import org.mutua.federation.vocab.Ids;
import org.mutua.server.actors.ActorKind;
import org.mutua.server.actors.Uris;

/**
 * The follows feature's inbox (STYLE.md 1: each feature registers its own listeners): reads each inbound activity
 * and calls {@link FollowService}, which holds the rules. Nothing here writes to the database.
 */
final class FollowInbox {
    private final FollowService follows;
    private final Uris uris;

    FollowInbox(FollowService follows, Uris uris) {
        this.follows = follows;
        this.uris = uris;
    }

    void register(InboxHandlers handlers) {
        handlers.on(InboxKey.of(FOLLOW).ours(), this::follow)
            // Our Follow comes back embedded (Mastodon) or by its id, which is one of ours.
            .on(InboxKey.of(ACCEPT).object(FOLLOW), a -> decision(a, true))
            .on(InboxKey.of(ACCEPT).ours(), a -> decision(a, true))
            .on(InboxKey.of(REJECT).object(FOLLOW), a -> decision(a, false))
            .on(InboxKey.of(REJECT).ours(), a -> decision(a, false))
            .on(InboxKey.of(UNDO).object(FOLLOW), this::undo)
            .on(InboxKey.of(BLOCK).ours(), this::block)
            // Deletes of objects arrive with publishing; until then only an actor deleting itself has an effect.
            .onActorDeleted(this::actorDeleted)
            .lookup(follows::typeOfRecorded);
    }

    /** {@code Follow} of one of our actors. */
    private Future<InboxOutcome> follow(InboundActivity activity) {
        Optional<Map.Entry<ActorKind, String>> target = uris.parseActor(activity.objectId());
        if (target.isEmpty()) {
            return ignored();
        }
        return follows.followRequested(activity.actor(), activity.id(), target.get().getKey(), target.get().getValue());
    }

    /** {@code Undo{Follow}}, the Follow embedded or named by its id. */
    private Future<InboxOutcome> undo(InboundActivity activity) {
        JsonObject inner = activity.embeddedObject();
        if (inner != null && !FOLLOW.equals(Ids.type(inner))) {
            return ignored();
        }
        return follows.followWithdrawn(activity.actor(), activity.objectId(), inner == null ? null : Ids.of(inner, "object"));
    }

    /** {@code Accept} or {@code Reject} of one of our Follows, embedded or by its id. */
    private Future<InboxOutcome> decision(InboundActivity activity, boolean accepted) {
        String followId = activity.objectId();
        if (followId == null) {
            return ignored();
        }
        return follows.followDecided(activity.actor(), followId, accepted);
    }

    /** {@code Block} of one of our actors. */
    private Future<InboxOutcome> block(InboundActivity activity) {
        Optional<Map.Entry<ActorKind, String>> target = uris.parseActor(activity.objectId());
        if (target.isEmpty()) {
            return ignored();
        }
        return follows.blockedBy(activity.actor(), target.get().getKey(), target.get().getValue());
    }

    /** An actor's {@code Delete} of itself ({@link InboxHandlers#onActorDeleted}). */
    private Future<InboxOutcome> actorDeleted(InboundActivity activity) {
        if (!activity.actor().equals(activity.objectId())) {
            return ignored();
        }
        return follows.actorGone(activity.actor());
    }

    private static Future<InboxOutcome> ignored() {
        return Future.succeededFuture(InboxOutcome.IGNORED);
    }
}
