package org.mutua.server.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Headers every answer carries: no sniffing, no framing, scripts and styles only from this node. */
public final class SecurityHeaders implements Handler<RoutingContext> {
    private static final String CSP = "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; "
        + "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response().headers()
            .set("X-Content-Type-Options", "nosniff")
            .set("X-Frame-Options", "DENY")
            .set("Referrer-Policy", "same-origin")
            .set("Content-Security-Policy", CSP);
        ctx.next();
    }
}
