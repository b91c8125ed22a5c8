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
