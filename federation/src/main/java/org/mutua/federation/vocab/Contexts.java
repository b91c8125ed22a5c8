package org.mutua.federation.vocab;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The {@code @context} values Mutua writes. */
public final class Contexts {
    private Contexts() {
    }

    /** The context of every object and activity Mutua publishes: ActivityStreams plus the {@code ma:} namespace. */
    public static JsonArray published() {
        return new JsonArray().add(ActivityStreams.CONTEXT).add(new JsonObject().put(MutuaTerms.PREFIX, MutuaTerms.NAMESPACE));
    }
}
