package org.mutua.federation.fetch;

import java.net.URI;

/** A draft-cavage {@code publicKey} entry ({@code CryptographicKey}, security/v1). */
public record ActorPublicKey(URI id, URI owner, String publicKeyPem) {
}
