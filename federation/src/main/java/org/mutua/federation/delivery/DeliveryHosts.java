package org.mutua.federation.delivery;

import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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
        return new Normaliser().normalise(inbox).map(NormalInbox::uri);
    }

    /** An inbox URI in normal form ({@link #normaliseInbox}) and its host ({@link #hostOf}). */
    public record NormalInbox(String uri, String host) {
    }

    /**
     * Normalises many inboxes, working out each distinct scheme and authority's host once: a fan-out names a few hosts
     * thousands of times, and parsing every inbox twice with IDNA each time cost 8 µs a follower (16 ms of a 2,000
     * follower notice's publishing, docs/benchmarks.md). One per fan-out, on one thread: it is not thread-safe.
     */
    public static final class Normaliser {
        private final Map<String, Optional<String>> hosts = new HashMap<>();

        public Optional<NormalInbox> normalise(String inbox) {
            if (inbox == null) {
                return Optional.empty();
            }
            URI uri;
            try {
                uri = new URI(inbox.strip());
            } catch (java.net.URISyntaxException e) {
                return Optional.empty();
            }
            Optional<String> host = uri.getScheme() == null || uri.getRawAuthority() == null ? hostOf(uri)
                : hosts.computeIfAbsent(uri.getScheme() + "://" + uri.getRawAuthority(), k -> hostOf(uri));
            return host.map(h -> {
                String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
                return new NormalInbox(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + h + path + query, h);
            });
        }
    }
}
