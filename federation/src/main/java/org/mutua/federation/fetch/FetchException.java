package org.mutua.federation.fetch;

/**
 * Why a remote document could not be used. {@link #reason()} is a short, fixed token ("blocked-address",
 * "too-large", "timeout", "bad-content-type", "id-mismatch", "http-404", ...) fit for logs and metrics. Nothing from
 * the response body ever goes into it: a hostile server must not be able to write into our logs.
 */
public final class FetchException extends RuntimeException {
    /** This node's fetch budget for the domain is spent ({@link DomainFetchBudget}); nothing was dialled. */
    public static final String OVER_BUDGET = "over-budget";

    private final String reason;
    private final long retryAfterSeconds;

    public FetchException(String reason) {
        this(reason, 0);
    }

    private FetchException(String reason, long retryAfterSeconds) {
        super(reason, null, false, false);
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The domain's budget is spent; it frees a slot in that many seconds. */
    static FetchException overBudget(long retryAfterSeconds) {
        return new FetchException(OVER_BUDGET, Math.max(1, retryAfterSeconds));
    }

    public String reason() {
        return reason;
    }

    /** For {@link #OVER_BUDGET}: the seconds until the budget frees a slot; 0 for every other reason. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** True when the fetch was not made because this node's budget for the domain is spent (a wait, not a fault). */
    public static boolean isOverBudget(Throwable t) {
        return t instanceof FetchException f && f.reason.equals(OVER_BUDGET);
    }

    /** Maps transport failures to a reason by exception type only; their messages are never kept. */
    static FetchException of(Throwable t) {
        if (t instanceof FetchException f) {
            return f;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof FetchException f) {
                return f;
            }
            if (c instanceof io.netty.channel.ConnectTimeoutException) {
                return new FetchException("connect-timeout");
            }
            if (c instanceof java.net.ConnectException) {
                return new FetchException("connect-failed");
            }
            if (c instanceof javax.net.ssl.SSLException || c instanceof java.security.cert.CertificateException) {
                return new FetchException("tls");
            }
        }
        return new FetchException("network");
    }
}
