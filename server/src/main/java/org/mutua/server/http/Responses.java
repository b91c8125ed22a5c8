package org.mutua.server.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writing JSON answers the same way everywhere. */
public final class Responses {
    private Responses() {
    }

    public static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
    }

    public static void json(RoutingContext ctx, int status, JsonObject body, String contentType) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", contentType).end(body.encode());
    }
}
