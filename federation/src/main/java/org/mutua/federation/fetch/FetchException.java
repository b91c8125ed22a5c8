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

    /** Reasons that say nothing about the document, only about now: this node's budget, the network, the peer's load. */
    private static final java.util.Set<String> TEMPORARY = java.util.Set.of(
        "over-budget", "timeout", "connect-timeout", "connect-failed", "network", "dns", "tls", "http-408", "http-429");

    /**
     * Whether the same fetch may well succeed later: this node's per-domain budget is spent, the peer timed out, could
     * not be reached or resolved, or answered 408, 429 or 5xx (Mastodon retries those too). Everything else is the
     * document's own answer (404, 410, another 4xx, an id that does not match, a blocked address, bad JSON, too large)
     * and fetching again would only repeat it. The inbound worker retries jobs on this alone ({@code InboundFailures}).
     * TLS counts as temporary: an expired certificate is usually renewed within the day the worker keeps trying.
     */
    public boolean temporary() {
        return TEMPORARY.contains(reason) || reason.matches("http-5\\d\\d");
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
