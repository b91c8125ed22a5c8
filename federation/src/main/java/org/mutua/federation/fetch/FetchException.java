package org.mutua.federation.fetch;

/**
 * Why a remote document could not be used. {@link #reason()} is a short, fixed token ("blocked-address",
 * "too-large", "timeout", "bad-content-type", "id-mismatch", "http-404", ...) fit for logs and metrics. Nothing from
 * the response body ever goes into it: a hostile server must not be able to write into our logs.
 */
public final class FetchException extends RuntimeException {
    private final String reason;

    public FetchException(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    static FetchException of(Throwable t) {
        return t instanceof FetchException f ? f : new FetchException("network");
    }
}
