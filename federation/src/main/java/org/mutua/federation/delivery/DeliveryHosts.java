package org.mutua.federation.delivery;

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
        return org.mutua.federation.Authority.of(uri, true);
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
