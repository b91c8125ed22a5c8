package org.mutua.federation.signatures;

/** Internal short-circuit carrying a rejection reason; never escapes the verifiers. */
final class SignatureRejection extends Exception {
    private final String reason;

    SignatureRejection(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    /**
     * {@code reason:detail} when the detail (a header name, label or component the peer chose) is short and plain,
     * else just {@code reason}: reasons go into 401 bodies and logs and must not carry arbitrary request text.
     */
    static SignatureRejection withDetail(String reason, String detail) {
        boolean plain = detail.length() <= 40 && detail.matches("[a-z0-9@()_.*-]+");
        return new SignatureRejection(plain ? reason + ":" + detail : reason);
    }

    String reason() {
        return reason;
    }
}
