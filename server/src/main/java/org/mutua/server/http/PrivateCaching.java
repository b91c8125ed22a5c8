package org.mutua.server.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * No shared cache keeps what the node answers: every answer not given a caching rule of its own (the stylesheet and
 * icons are) is {@code Cache-Control: private, no-store}, and every answer varies on what it may depend on: the
 * format asked for, the bearer token, the signature of an authorized fetch and the session cookie. A proxy or CDN in
 * front of a node would otherwise hand one neighbour's private page, or a follower's view of a followers-only post, to
 * the next person asking for the same address.
 */
public final class PrivateCaching implements Handler<RoutingContext> {
    static final String PRIVATE = "private, no-store";
    private static final String[] VARY = {"Accept", "Authorization", "Signature", "Cookie"};

    @Override
    public void handle(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> {
            MultiMap headers = ctx.response().headers();
            if (!headers.contains("Cache-Control")) {
                headers.set("Cache-Control", PRIVATE);
            }
            Set<String> vary = new LinkedHashSet<>();
            for (String value : headers.getAll("Vary")) {
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        vary.add(part.strip());
                    }
                }
            }
            vary.addAll(java.util.List.of(VARY));
            headers.set("Vary", String.join(", ", vary));
        });
        ctx.next();
    }
}
