package org.mutua.server.http;

import io.vertx.ext.web.RoutingContext;
import org.mutua.server.security.RandomTokens;

/**
 * Identifies a client for rate limits without keeping its address: a salted hash, never logged or stored raw.
 *
 * <p>Behind a trusted reverse proxy ({@code http.trust-proxy}) the address is the last entry of X-Forwarded-For: the
 * one our proxy added. The first entry, which Vert.x's forwarded parsing picks, is whatever the client sent, so a
 * guesser could take a fresh key for every request by making one up.
 */
public final class ClientKey {
    private final String salt;
    private final boolean trustProxy;

    public ClientKey(String salt) {
        this(salt, false);
    }

    public ClientKey(String salt, boolean trustProxy) {
        this.salt = salt;
        this.trustProxy = trustProxy;
    }

    public String of(RoutingContext ctx) {
        return RandomTokens.sha256Hex(salt + "|" + address(ctx)).substring(0, 32);
    }

    String address(RoutingContext ctx) {
        if (trustProxy) {
            String forwarded = ctx.request().headers().getAll("X-Forwarded-For").stream().reduce((a, b) -> b).orElse(null);
            if (forwarded != null && !forwarded.isBlank()) {
                String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).trim();
                if (!last.isEmpty()) {
                    return last;
                }
            }
        }
        return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    }
}
