package org.mutua.federation.discovery;

import java.util.Objects;

/** What WebFinger says about one local actor. Local-only actors are never returned as one (§7). */
public record DiscoverableActor(String username, String actorId, String profilePageUrl) {
    public DiscoverableActor {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(profilePageUrl, "profilePageUrl");
    }
}
