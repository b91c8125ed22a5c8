package org.mutua.federation.signatures;

import java.security.PublicKey;
import java.util.Optional;

/**
 * The caller's already-resolved keys: {@code keyId -> key}. Synchronous on purpose: the server learns the keyId with
 * {@link HttpSignatures#keyIdOf(SignableRequest)}, fetches and caches the key, then verifies.
 */
@FunctionalInterface
public interface KeyLookup {
    Optional<PublicKey> find(String keyId);
}
