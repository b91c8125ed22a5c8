package org.mutua.federation;

import java.util.Objects;

/**
 * What the discovery documents say about this node: where it lives and how it introduces itself. The server builds it
 * from its configuration, so this library needs no configuration of its own.
 *
 * @param scheme {@code https}, or {@code http} in development
 * @param domain the public authority, with a port when it is not the default ({@code localhost:8080})
 * @param name the node's name shown in NodeInfo
 * @param description the node's description shown in NodeInfo
 * @param openRegistrations whether anyone may sign up without approval (NodeInfo {@code openRegistrations})
 */
public record NodeIdentity(String scheme, String domain, String name, String description, boolean openRegistrations) {
    public NodeIdentity {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(domain, "domain");
    }

    /** scheme://domain, the base of every id the node emits. */
    public String baseUrl() {
        return scheme + "://" + domain;
    }

    /** The domain without its port. */
    public String hostname() {
        int colon = domain.indexOf(':');
        return colon < 0 ? domain : domain.substring(0, colon);
    }
}
