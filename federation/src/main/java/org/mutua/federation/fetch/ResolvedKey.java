package org.mutua.federation.fetch;

import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;

/** A key fetched authoritatively from its owner's actor document; {@code fetchedAt} drives the one refresh of §2 rule 1. */
public record ResolvedKey(String keyId, URI ownerActorId, PublicKey publicKey, Instant fetchedAt) {

    /** True when a failed verification with this key justifies one re-fetch (older than 5 minutes, Mastodon). */
    public boolean olderThan(Duration age, Instant now) {
        return fetchedAt.plus(age).isBefore(now);
    }
}
