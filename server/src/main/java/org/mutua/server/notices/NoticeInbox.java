package org.mutua.server.notices;

import static org.mutua.federation.vocab.ActivityTypes.ANNOUNCE;
import static org.mutua.federation.vocab.ActivityTypes.CREATE;
import static org.mutua.federation.vocab.ActivityTypes.DELETE;
import static org.mutua.federation.vocab.ActivityTypes.LIKE;
import static org.mutua.federation.vocab.ActivityTypes.UNDO;
import static org.mutua.federation.vocab.ActivityTypes.UPDATE;
import static org.mutua.federation.vocab.ObjectTypes.NOTE;

import org.mutua.federation.inbox.InboxHandlers;
import org.mutua.federation.inbox.InboxKey;

/** The notices feature's inbox listeners (STYLE.md 1: each feature registers its own). */
public final class NoticeInbox {
    private NoticeInbox() {
    }

    public static void register(InboxHandlers handlers, NoticeInteractions interactions) {
        handlers.on(InboxKey.of(CREATE).object(NOTE), interactions::receiveCreate)
            .on(InboxKey.of(UPDATE).object(NOTE), interactions::receiveUpdate)
            .on(DELETE, interactions::receiveDelete)
            .on(InboxKey.of(LIKE).ours(), interactions::receiveLike)
            .on(InboxKey.of(ANNOUNCE).ours(), interactions::receiveAnnounce)
            .on(InboxKey.of(UNDO).object(LIKE), interactions::receiveUndo)
            .on(InboxKey.of(UNDO).object(ANNOUNCE), interactions::receiveUndo)
            .onActorDeleted(interactions::receiveActorDelete)
            .lookup(interactions::typeOfRecorded);
    }
}
