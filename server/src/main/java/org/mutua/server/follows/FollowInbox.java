package org.mutua.server.follows;

import org.mutua.federation.inbox.InboxHandlers;

/** The follows feature's inbox listeners (STYLE.md 1: each feature registers its own). */
public final class FollowInbox {
    private FollowInbox() {
    }

    public static void register(InboxHandlers handlers, FollowService follows) {
        handlers.on("Follow", follows::receiveFollow)
            .on("Accept", a -> follows.receiveDecision(a, true))
            .on("Reject", a -> follows.receiveDecision(a, false))
            .on("Undo", follows::receiveUndo)
            // Deletes of objects arrive with publishing; until then only an actor deleting itself has an effect.
            .on("Delete", follows::receiveActorDelete)
            .on("Block", follows::receiveBlock);
    }

}
