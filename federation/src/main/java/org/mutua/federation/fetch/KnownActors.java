package org.mutua.federation.fetch;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * The node's store of remote actors, as the key resolver sees it: the actor document a key fetch got goes there (it is
 * an authoritative fetch, so the actor's first activity costs no second one), and a known actor's keys are read
 * from there when the in-memory cache misses (FEDERATION.md 2 rule 4: after a restart, a known actor's self-Delete
 * still verifies though its server no longer serves the key).
 */
public interface KnownActors {
    /** Stores (or refreshes) the actor, with every key it lists; the key is used once this completes. */
    Future<Void> fetched(RemoteActor actor);

    /** The key with this id of a stored actor, as last fetched; empty when no stored actor lists it. Never fetches. */
    Future<Optional<ResolvedKey>> storedKey(String keyId);

    /** Nothing stored, nothing known: every key is fetched (the library alone, and its tests). */
    KnownActors NONE = new KnownActors() {
        @Override
        public Future<Void> fetched(RemoteActor actor) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Optional<ResolvedKey>> storedKey(String keyId) {
            return Future.succeededFuture(Optional.empty());
        }
    };
}
