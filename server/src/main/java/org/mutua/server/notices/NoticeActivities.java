package org.mutua.server.notices;

import io.vertx.core.json.JsonObject;
import org.mutua.federation.vocab.Contexts;
import org.mutua.federation.vocab.MutuaTerms;
import org.mutua.federation.vocab.ObjectTypes;
import org.mutua.server.actors.LocalActor;
import org.mutua.server.actors.Uris;
import org.mutua.server.publishing.Addressing;
import org.mutua.server.publishing.Audience;
import org.mutua.server.publishing.Publisher;

/** Every ActivityPub shape of a notice, one method each (GoToSocial internaltoas.go; STYLE.md 4). */
public final class NoticeActivities {
    private final Uris uris;
    private final Publisher publisher;

    NoticeActivities(Uris uris, Publisher publisher) {
        this.uris = uris;
        this.publisher = publisher;
    }

    /** The Note (FEDERATION.md 3): to/cc arrays, contentMap, url = id, ma:kind notice. */
    public JsonObject note(Notice n, LocalActor author) {
        JsonObject note = new JsonObject().put("@context", Contexts.published()).put("id", n.uri()).put("type", ObjectTypes.NOTE)
            .put("attributedTo", uris.actor(author)).put("url", n.uri()).put("published", n.createdAt().toString())
            .put("content", n.contentHtml()).put("contentMap", new JsonObject().put(n.language(), n.contentHtml()))
            .put(MutuaTerms.KIND, MutuaTerms.KIND_NOTICE);
        if (n.updatedAt().isAfter(n.createdAt())) {
            note.put("updated", n.updatedAt().toString());
        }
        return addressing(n, author).applyTo(note);
    }

    /** Its author publishes it (a member, or the neighbourhood's Group), for its audience. */
    Addressing addressing(Notice n, LocalActor author) {
        return publisher.address(n.visibility(), Audience.Voices.of(author));
    }

    /** The Create that delivered it, as its author's outbox lists it. */
    public JsonObject create(Notice n, LocalActor author) {
        return publisher.createOf(note(n, author), addressing(n, author), n.createdAt());
    }

    /** The 410 answer for a deleted notice's id (FEDERATION.md 5 "Tombstones"). */
    public JsonObject tombstone(Notice n) {
        return Publisher.tombstone(n.uri(), ObjectTypes.NOTE, n.deletedAt());
    }
}
