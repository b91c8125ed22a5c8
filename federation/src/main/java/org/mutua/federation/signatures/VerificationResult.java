package org.mutua.federation.signatures;

import java.util.Objects;

/** Outcome of verifying one request's signature. {@link Rejected#reason()} is the body of the {@code 401}. */
public sealed interface VerificationResult {

    record Verified(String keyId, SignatureScheme scheme) implements VerificationResult {
        public Verified {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(scheme, "scheme");
        }
    }

    /** @param reason a short machine string such as {@code "digest-mismatch"}; never contains request data */
    record Rejected(String reason) implements VerificationResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    default boolean verified() {
        return this instanceof Verified;
    }
}
