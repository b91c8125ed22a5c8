package org.mutua.federation.signatures;

/** Internal short-circuit carrying a rejection reason; never escapes the verifiers. */
final class SignatureRejection extends Exception {
    private final String reason;

    SignatureRejection(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
