package org.mutua.federation.signatures;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Signs outgoing requests with draft-cavage-12 and {@code rsa-sha256}, shaped like Mastodon app/lib/request.rb
 * ({@code set_common_headers!}, {@code set_digest!}, {@code signature}) and GtS docs/federation/http_signatures.md:
 * POST covers {@code (request-target) host date digest content-type}; GET covers {@code (request-target) host date}.
 * {@code (request-target)} keeps the query string (FEDERATION.md §2).
 */
public final class CavageSigner {
    static final List<String> POST_HEADERS = List.of("(request-target)", "host", "date", "digest", "content-type");
    static final List<String> GET_HEADERS = List.of("(request-target)", "host", "date");

    // IMF-fixdate (RFC 9110 §5.6.7): two-digit day, English names, always GMT.
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private final Clock clock;

    public CavageSigner(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Adds {@code Host}, {@code Date}, {@code Digest} and {@code Signature}. The caller sets {@code Content-Type}
     * first; the body is digested exactly as given.
     */
    public SignableRequest signPost(SignableRequest request, String keyId, PrivateKey rsaKey) {
        if (request.header("content-type").isEmpty()) {
            throw new IllegalArgumentException("set Content-Type before signing a POST");
        }
        SignableRequest withDigest = request.withHeader("Digest", BodyDigests.digestHeader(request.bodyOrEmpty()));
        return sign(withDigest, POST_HEADERS, keyId, rsaKey);
    }

    /** Adds {@code Host}, {@code Date} and {@code Signature}; the caller sets {@code Accept}. */
    public SignableRequest signGet(SignableRequest request, String keyId, PrivateKey rsaKey) {
        return sign(request, GET_HEADERS, keyId, rsaKey);
    }

    private SignableRequest sign(SignableRequest request, List<String> covered, String keyId, PrivateKey rsaKey) {
        if (SignatureAlgorithms.typeOf(rsaKey) != SignatureAlgorithms.KeyType.RSA) {
            throw new IllegalArgumentException("draft-cavage signatures are sent with RSA keys (rsa-sha256)");
        }
        requireQuotable(keyId);
        SignableRequest prepared = request
            .withHeader("Host", request.authority())
            .withHeader("Date", httpDate(clock));
        String signingString;
        try {
            signingString = SignatureBase.cavage(prepared, covered, new CavageSignatureHeader(java.util.Map.of()), true);
        } catch (SignatureRejection e) {
            throw new IllegalArgumentException("cannot sign: " + e.reason());
        }
        String signature = Base64.getEncoder().encodeToString(SignatureAlgorithms.sign(rsaKey, signingString));
        return prepared.withHeader("Signature", "keyId=\"" + keyId + "\",algorithm=\"rsa-sha256\",headers=\""
            + String.join(" ", covered) + "\",signature=\"" + signature + "\"");
    }

    /** RFC 1123 date in GMT, e.g. {@code Tue, 12 May 2026 09:30:00 GMT}. */
    static String httpDate(Clock clock) {
        return HTTP_DATE.format(clock.instant().atOffset(ZoneOffset.UTC));
    }

    static void requireQuotable(String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        for (int i = 0; i < keyId.length(); i++) {
            char c = keyId.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
                throw new IllegalArgumentException("keyId must be printable ASCII without quotes");
            }
        }
    }
}
