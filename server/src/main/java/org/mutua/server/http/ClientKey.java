package org.mutua.server.http;

import io.vertx.ext.web.RoutingContext;
import org.mutua.server.security.RandomTokens;

/** Identifies a client for rate limits without keeping its address: a salted hash, never logged or stored raw. */
public final class ClientKey {
    private final String salt;

    public ClientKey(String salt) {
        this.salt = salt;
    }

    public String of(RoutingContext ctx) {
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
        return RandomTokens.sha256Hex(salt + "|" + address).substring(0, 32);
    }
}
