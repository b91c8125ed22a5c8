package org.mutua.federation.fetch;

import java.security.PrivateKey;
import java.util.Objects;

/**
 * Who signs an outgoing GET: normally the instance actor ({@code https://aid.example/actor#main-key}), or a local
 * actor who follows the author of a followers-only object (FEDERATION.md §2 "Signed GETs").
 */
public record Signer(String keyId, PrivateKey privateKey) {
    public Signer {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    @Override
    public String toString() {
        return "Signer[" + keyId + "]";
    }
}
