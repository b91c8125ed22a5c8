package org.mutua.federation.inbox;

import java.util.Optional;
import org.mutua.federation.Authority;

/** Hosts as the inbox compares them: the one normal form of {@link Authority}. */
public final class Hosts {
    private Hosts() {
    }

    public static Optional<String> of(String iri, boolean allowHttp) {
        return Authority.of(iri, allowHttp);
    }

    /** The host part of a normalised authority, without the port (what domain blocks name). */
    public static String hostOnly(String authority) {
        return Authority.hostOnly(authority);
    }
}
