package org.mutua.federation.discovery;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Error answers as {@code {"error": "..."}} with a message a person can act on. */
final class JsonErrors {
    private JsonErrors() {
    }

    static void send(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status)
            .putHeader("Content-Type", "application/json; charset=utf-8")
            .end(new JsonObject().put("error", message).encode());
    }
}
