package org.mutua.federation.inbox;

import java.security.PublicKey;
import java.time.Instant;

/** A remote public key and the actor that owns it, as fetched (FEDERATION.md 2, key fetch rules). */
public record SignerKey(String keyId, String ownerActorId, PublicKey publicKey, Instant fetchedAt) {
}
