package org.mutua.federation.signatures;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Body digests in both header styles, always SHA-256 over the exact bytes: {@code Digest: SHA-256=<b64>} (RFC 3230,
 * as draft-cavage senders use it) and {@code Content-Digest: sha-256=:<b64>:} (RFC 9530). Checks mirror Mastodon
 * {@code verify_body_digest!} (app/lib/signed_request.rb): a header offering only other algorithms is rejected,
 * and so is a SHA-256 value that does not match.
 */
public final class BodyDigests {
    static final int MAX_DIGEST_HEADER = 1024;

    private BodyDigests() {
    }

    public static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of a {@code Digest} header: {@code SHA-256=<base64>}. */
    public static String digestHeader(byte[] body) {
        return "SHA-256=" + Base64.getEncoder().encodeToString(sha256(body));
    }

    /** The value of a {@code Content-Digest} header: {@code sha-256=:<base64>:}. */
    public static String contentDigestHeader(byte[] body) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(sha256(body)) + ":";
    }

    /**
     * Checks a {@code Digest} header value (comma-separated {@code algorithm=value}; algorithm names are
     * case-insensitive).
     *
     * @return empty when the SHA-256 entry matches, else the rejection reason
     */
    public static Optional<String> checkDigest(String headerValue, byte[] body) {
        if (headerValue == null) {
            return Optional.of("missing-header:digest");
        }
        if (headerValue.length() > MAX_DIGEST_HEADER) {
            return Optional.of("header-too-large");
        }
        String sha256 = null;
        for (String part : headerValue.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            if ("sha-256".equals(part.substring(0, eq).strip().toLowerCase(Locale.ROOT)) && sha256 == null) {
                sha256 = part.substring(eq + 1).strip();
            }
        }
        if (sha256 == null) {
            return Optional.of("digest-unsupported-algorithm");
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(sha256);
        } catch (IllegalArgumentException e) {
            return Optional.of("digest-mismatch");
        }
        return MessageDigest.isEqual(given, sha256(body)) ? Optional.empty() : Optional.of("digest-mismatch");
    }

    /** Checks a {@code Content-Digest} header value (an RFC 8941 Dictionary of byte sequences). */
    public static Optional<String> checkContentDigest(String headerValue, byte[] body) {
        if (headerValue == null) {
            return Optional.of("missing-header:content-digest");
        }
        if (headerValue.length() > MAX_DIGEST_HEADER) {
            return Optional.of("header-too-large");
        }
        Map<String, Object> dict;
        try {
            dict = StructuredFields.parseDictionary(headerValue);
        } catch (StructuredFields.ParseException e) {
            return Optional.of("malformed-content-digest");
        }
        Object member = dict.get("sha-256");
        if (member == null) {
            return Optional.of("digest-unsupported-algorithm");
        }
        if (!(member instanceof StructuredFields.Item item) || !(item.value() instanceof byte[] given)) {
            return Optional.of("malformed-content-digest");
        }
        return MessageDigest.isEqual(given, sha256(body)) ? Optional.empty() : Optional.of("digest-mismatch");
    }

}
