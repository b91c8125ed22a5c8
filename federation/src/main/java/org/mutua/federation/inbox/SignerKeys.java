package org.mutua.federation.inbox;

import io.vertx.core.Future;
import java.util.Optional;

/** Resolves the key a request was signed with: cached, or fetched with a signed GET (never on a blocked host). */
public interface SignerKeys {
    /**
     * The key if this node already knows it, from the in-memory cache or the stored record of a known actor; never
     * fetches (for self-Deletes of actors that may be gone: FEDERATION.md 2 rule 4).
     */
    Future<Optional<SignerKey>> known(String keyId);

    /** The key, from the cache or a known actor's record when there, else fetched. */
    Future<SignerKey> key(String keyId);

    /** The key fetched again, for one retry after a failed verification (key rotation). */
    Future<SignerKey> refresh(String keyId);
}
