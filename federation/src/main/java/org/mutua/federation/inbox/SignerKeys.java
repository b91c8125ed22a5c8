package org.mutua.federation.inbox;

import io.vertx.core.Future;

/** Resolves the key a request was signed with: cached, or fetched with a signed GET (never on a blocked host). */
public interface SignerKeys {
    /** The key only if it is already cached; never fetches (for Deletes of actors that may be gone). */
    java.util.Optional<SignerKey> cached(String keyId);

    /** The key, from the cache when there. */
    Future<SignerKey> key(String keyId);

    /** The key fetched again, for one retry after a failed verification (key rotation). */
    Future<SignerKey> refresh(String keyId);
}
