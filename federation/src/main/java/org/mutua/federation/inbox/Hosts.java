package org.mutua.federation.inbox;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The normalised authority (host[:port], lowercase, one trailing dot removed) of an IRI we may trust for identity:
 * https only (http only in development), no user info. Every host comparison goes through here (FEDERATION.md 6 row 14).
 */
public final class Hosts {
    private Hosts() {
    }

    public static Optional<String> of(String iri, boolean allowHttp) {
        if (iri == null || iri.length() > 2048) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(iri);
        } catch (Exception e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || (allowHttp && scheme.equals("http")))) {
            return Optional.empty();
        }
        if (uri.getRawUserInfo() != null || uri.getHost() == null) {
            return Optional.empty();
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty() || host.endsWith(".")) {
            return Optional.empty();
        }
        return Optional.of(uri.getPort() < 0 ? host : host + ":" + uri.getPort());
    }

    /** The host part of a normalised authority, without the port (what domain blocks name). */
    public static String hostOnly(String authority) {
        if (authority.startsWith("[")) {
            return authority.substring(0, authority.indexOf(']') + 1);
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }
}
