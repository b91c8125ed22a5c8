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
