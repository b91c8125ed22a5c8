package org.mutua.server.notices;

import org.mutua.federation.inbox.InboxHandlers;

/** The notices feature's inbox listeners (STYLE.md 1: each feature registers its own). */
public final class NoticeInbox {
    private NoticeInbox() {
    }

    public static void register(InboxHandlers handlers, NoticeInteractions interactions) {
        handlers.on("Create", interactions::receiveCreate)
            .on("Update", interactions::receiveUpdate)
            .on("Delete", interactions::receiveDelete)
            .on("Like", interactions::receiveLike)
            .on("Announce", interactions::receiveAnnounce)
            .on("Undo", interactions::receiveUndo);
    }
}
