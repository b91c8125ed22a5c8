package org.mutua.server.actors;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.mutua.federation.keys.ActorKeyGenerator;
import org.mutua.federation.keys.ActorKeys;

/** Actor key pairs made on a worker thread: RSA-2048 generation would stall the event loop for tens of milliseconds. */
public final class KeyGeneration {
    private final Vertx vertx;
    private final ActorKeyGenerator generator = new ActorKeyGenerator();

    public KeyGeneration(Vertx vertx) {
        this.vertx = vertx;
    }

    public Future<ActorKeys> generate() {
        return vertx.executeBlocking(generator::generate, false);
    }
}
