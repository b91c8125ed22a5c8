package org.mutua.server.publishing;

import java.util.Optional;

/** Who a published object is for (FEDERATION.md 7): followers-only (the default), public, or this node only. */
public enum Audience {
    FOLLOWERS, PUBLIC, LOCAL;

    /** The word used in the API, forms and the database. */
    public String wire() {
        return name().toLowerCase();
    }

    public static Optional<Audience> parse(String s) {
        for (Audience a : values()) {
            if (a.wire().equals(s)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
