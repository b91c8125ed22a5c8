package org.mutua.server.follows;

import static org.mutua.federation.vocab.ActivityTypes.ACCEPT;
import static org.mutua.federation.vocab.ActivityTypes.BLOCK;
import static org.mutua.federation.vocab.ActivityTypes.FOLLOW;
import static org.mutua.federation.vocab.ActivityTypes.REJECT;
import static org.mutua.federation.vocab.ActivityTypes.UNDO;

import org.mutua.federation.inbox.InboxHandlers;
import org.mutua.federation.inbox.InboxKey;

/** The follows feature's inbox listeners (STYLE.md 1: each feature registers its own). */
public final class FollowInbox {
    private FollowInbox() {
    }

    public static void register(InboxHandlers handlers, FollowService follows) {
        handlers.on(InboxKey.of(FOLLOW).ours(), follows::receiveFollow)
            // Our Follow comes back embedded (Mastodon) or by its id, which is one of ours.
            .on(InboxKey.of(ACCEPT).object(FOLLOW), a -> follows.receiveDecision(a, true))
            .on(InboxKey.of(ACCEPT).ours(), a -> follows.receiveDecision(a, true))
            .on(InboxKey.of(REJECT).object(FOLLOW), a -> follows.receiveDecision(a, false))
            .on(InboxKey.of(REJECT).ours(), a -> follows.receiveDecision(a, false))
            .on(InboxKey.of(UNDO).object(FOLLOW), follows::receiveUndo)
            .on(InboxKey.of(BLOCK).ours(), follows::receiveBlock)
            // Deletes of objects arrive with publishing; until then only an actor deleting itself has an effect.
            .onActorDeleted(follows::receiveActorDelete)
            .lookup(follows::typeOfRecorded);
    }
}
