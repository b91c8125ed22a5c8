package org.mutua.server.actors;

import io.vertx.core.Future;
import java.util.Optional;
import org.mutua.federation.discovery.ActorDirectory;
import org.mutua.federation.discovery.DiscoverableActor;

/** WebFinger's view of the local actors: only those {@link ActorService#visible} may be found. */
public final class LocalActorDirectory implements ActorDirectory {
    private final ActorService actors;
    private final Uris uris;

    public LocalActorDirectory(ActorService actors, Uris uris) {
        this.actors = actors;
        this.uris = uris;
    }

    @Override
    public Future<Optional<DiscoverableActor>> findByUsername(String username) {
        return actors.visible(username).map(a -> a.map(this::describe));
    }

    @Override
    public Future<Optional<DiscoverableActor>> findByActorId(String actorId) {
        String base = uris.base();
        if (actorId.equals(base + "/actor")) {
            return findByUsername(actors.instanceActorUsername());
        }
        for (String prefix : new String[] {"/u/", "/g/"}) {
            if (actorId.startsWith(base + prefix)) {
                String name = actorId.substring((base + prefix).length());
                return findByUsername(name).map(found -> found.filter(d -> d.actorId().equals(actorId)));
            }
        }
        return Future.succeededFuture(Optional.empty());
    }

    private DiscoverableActor describe(LocalActor a) {
        return new DiscoverableActor(a.username(), uris.actor(a), uris.profilePage(a));
    }
}
