package org.mutua.server.follows;

import io.vertx.core.json.JsonObject;
import org.mutua.federation.vocab.ActivityStreams;
import org.mutua.federation.vocab.ActivityTypes;
import org.mutua.server.actors.LocalActor;
import org.mutua.server.actors.RemoteActorRecord;
import org.mutua.server.actors.Uris;

/**
 * Every activity the follows feature sends, one method per shape (GoToSocial federate.go; STYLE.md 5). Each names the
 * other actor in {@code to}, as Mastodon's do: software that routes deliveries by their addressees applies them only
 * so (FEDERATION.md 5).
 */
final class FollowActivities {
    private final Uris uris;

    FollowActivities(Uris uris) {
        this.uris = uris;
    }

    /** Our member follows a remote actor; the Follow's id is the one recorded, so its Accept can be matched. */
    JsonObject follow(Follow f, LocalActor local, RemoteActorRecord remote) {
        return new JsonObject().put("@context", ActivityStreams.CONTEXT).put("id", f.activityUri()).put("type", ActivityTypes.FOLLOW)
            .put("actor", uris.actor(local)).put("to", to(remote)).put("object", remote.uri());
    }

    /** Our member stops following (or withdraws the request), with the Follow embedded as Mastodon sends it. */
    JsonObject undo(Follow f, LocalActor local, RemoteActorRecord remote) {
        return new JsonObject().put("@context", ActivityStreams.CONTEXT).put("id", uris.newActivity()).put("type", ActivityTypes.UNDO)
            .put("actor", uris.actor(local)).put("to", to(remote))
            .put("object", new JsonObject().put("id", f.activityUri()).put("type", ActivityTypes.FOLLOW).put("actor", uris.actor(local))
                .put("object", remote.uri()));
    }

    /** {@code Accept} or {@code Reject} of a remote actor's Follow, with the Follow embedded (Mastodon follow.rb). */
    JsonObject decision(Follow f, LocalActor local, RemoteActorRecord remote, boolean accept) {
        return new JsonObject().put("@context", ActivityStreams.CONTEXT).put("id", uris.newActivity())
            .put("type", accept ? ActivityTypes.ACCEPT : ActivityTypes.REJECT)
            .put("actor", uris.actor(local)).put("to", to(remote))
            .put("object", new JsonObject().put("id", f.activityUri()).put("type", ActivityTypes.FOLLOW).put("actor", remote.uri())
                .put("object", uris.actor(local)));
    }

    private static io.vertx.core.json.JsonArray to(RemoteActorRecord remote) {
        return new io.vertx.core.json.JsonArray().add(remote.uri());
    }
}
