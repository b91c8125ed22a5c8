package org.mutua.server.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers every answer carries: no sniffing, no framing, scripts and styles only from this node; and, when the node is
 * public over https, HSTS so browsers never try it over plain http again (never over http: it would lock a browser
 * out of a development node on that host).
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
    /** A year, the length browsers' preload lists expect; no includeSubDomains: other hosts under the domain are not ours. */
    static final String HSTS = "max-age=31536000";

    private final boolean https;

    public SecurityHeaders(boolean https) {
        this.https = https;
    }

    private static final String CSP = "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; "
        + "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response().headers()
            .set("X-Content-Type-Options", "nosniff")
            .set("X-Frame-Options", "DENY")
            .set("Referrer-Policy", "same-origin")
            .set("Content-Security-Policy", CSP);
        if (https) {
            ctx.response().headers().set("Strict-Transport-Security", HSTS);
        }
        ctx.next();
    }
}
