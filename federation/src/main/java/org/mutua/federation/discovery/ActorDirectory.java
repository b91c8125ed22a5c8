package org.mutua.federation.discovery;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Implemented by the server: finds local actors that may be discovered. Must answer empty for unknown, suspended and
 * local-only actors. The instance actor's username is the configured host name ({@link org.mutua.federation.NodeIdentity#hostname()},
 * e.g. {@code aid.example}, as Mastodon and GtS do), so a directory must recognise it too. Both methods are called
 * on the event loop and must not block.
 */
public interface ActorDirectory {
    /** @param username already lowercased; {@code [a-z0-9_]{1,30}} or the host name */
    Future<Optional<DiscoverableActor>> findByUsername(String username);

    /** @param actorId an absolute URL on this node's base URL */
    Future<Optional<DiscoverableActor>> findByActorId(String actorId);
}
