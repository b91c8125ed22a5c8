package org.mutua.federation.delivery;

import java.net.IDN;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** Host normalisation for lanes and dead-host tracking: lowercase, IDNA (ASCII), port kept unless the default. */
public final class DeliveryHosts {
    private DeliveryHosts() {
    }

    /**
     * The normalised host of an http(s) inbox URI, e.g. {@code masto.example} or {@code peer.example:8443}; empty
     * when the URI is not an absolute http(s) URI with a host and no user info.
     */
    public static Optional<String> hostOf(URI uri) {
        if (uri == null || !uri.isAbsolute() || uri.getRawUserInfo() != null) {
            return Optional.empty();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.empty();
        }
        String host = uri.getHost();
        int port = uri.getPort();
        if (host == null && uri.getAuthority() != null && !uri.getAuthority().startsWith("[")
            && !uri.getAuthority().contains("@")) {
            // java.net.URI leaves the host of an internationalised name unparsed: split the authority ourselves
            String authority = uri.getAuthority();
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            try {
                port = colon < 0 ? -1 : Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        if (host == null || host.isEmpty() || port < -1 || port > 65535) {
            return Optional.empty();
        }
        String ascii;
        try {
            ascii = host.startsWith("[") ? host : IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        ascii = ascii.toLowerCase(Locale.ROOT);
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return Optional.of(defaultPort ? ascii : ascii + ":" + port);
    }

    /** The URI with scheme and host normalised as in {@link #hostOf} (path and query untouched); empty if invalid. */
    public static Optional<String> normaliseInbox(String inbox) {
        if (inbox == null) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(inbox.strip());
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
        return hostOf(uri).map(host -> {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + host + path + query;
        });
    }
}
