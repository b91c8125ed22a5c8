package org.mutua.server.http;

import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mutua.config.AddressRange;
import org.mutua.server.security.RandomTokens;

/**
 * Identifies a client for rate limits without keeping its address: a salted hash, never logged or stored raw.
 *
 * <p>The address is the connection's peer, unless that peer is one of the trusted reverse proxies
 * (MUTUA_HTTP_TRUSTED_PROXIES): then it is the rightmost X-Forwarded-For entry that is not itself a trusted proxy.
 * Entries further left were written by the client and can say anything; a client that connects directly cannot make
 * the node read the header at all.
 */
public final class ClientKey {
    private static final Pattern LITERAL = Pattern.compile("^[0-9a-fA-F:.]+$");

    private final String salt;
    private final List<AddressRange> trustedProxies;

    public ClientKey(String salt) {
        this(salt, List.of());
    }

    public ClientKey(String salt, List<AddressRange> trustedProxies) {
        this.salt = salt;
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    public String of(RoutingContext ctx) {
        return RandomTokens.sha256Hex(salt + "|" + address(ctx)).substring(0, 32);
    }

    /** The client's address as this node believes it, for hashing only. */
    String address(RoutingContext ctx) {
        String peer = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
        if (!trusted(peer)) {
            return peer;
        }
        List<String> forwarded = ctx.request().headers().getAll("X-Forwarded-For");
        String client = peer;
        for (int h = forwarded.size() - 1; h >= 0; h--) {
            String[] hops = forwarded.get(h).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                Optional<InetAddress> hop = literal(hops[i]);
                if (hop.isEmpty()) {
                    return client; // garbage the proxy passed on from the client: stop at the last real hop
                }
                client = hop.get().getHostAddress();
                if (!trusted(hop.get())) {
                    return client;
                }
            }
        }
        return client;
    }

    private boolean trusted(String address) {
        return !trustedProxies.isEmpty() && literal(address).map(this::trusted).orElse(false);
    }

    private boolean trusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(r -> r.contains(address));
    }

    /** An IP literal, never a DNS look-up; {@code [::1]} and {@code 1.2.3.4:5678} as some proxies write them. */
    private static Optional<InetAddress> literal(String raw) {
        String t = raw.trim();
        if (t.startsWith("[") && t.contains("]")) {
            t = t.substring(1, t.indexOf(']'));
        } else if (t.indexOf(':') > 0 && t.indexOf(':') == t.lastIndexOf(':') && t.contains(".")) {
            t = t.substring(0, t.indexOf(':'));
        }
        if (t.isEmpty() || !LITERAL.matcher(t).matches() || !(t.contains(".") || t.contains(":"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(t));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
