package org.mutua.federation.signatures;

import java.security.PublicKey;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies draft-cavage-12 {@code Signature} headers by the rules of FEDERATION.md §2, taken from Mastodon
 * app/lib/signed_request.rb ({@code HttpSignature}):
 * <ul>
 * <li>algorithm absent means hs2019; only rsa-sha256 and hs2019 are accepted; under hs2019 the key type decides
 *     between RSA and Ed25519; {@code (created)}/{@code (expires)} only with hs2019;</li>
 * <li>coverage: {@code date} or {@code (created)}; {@code host} always; POST: {@code digest} (then
 *     {@code (request-target)} may be left out, as Mastodon's {@code verify_signature_strength!} allows); any other
 *     method: {@code (request-target)};</li>
 * <li>the signed Host must be this request's host; the Digest must match the body;</li>
 * <li>time window per {@link SignatureTimeWindow}; the signature is tried with the query string and then without
 *     (Mastodon {@code verified?}, GtS docs/federation/http_signatures.md).</li>
 * </ul>
 */
public final class CavageVerifier {
    private static final int MAX_SIGNATURE_BYTES = 1024; // RSA-8192 is 1024 bytes; anything longer is not a signature

    private final Clock clock;

    public CavageVerifier(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public VerificationResult verify(SignableRequest request, KeyLookup keys) {
        try {
            return new VerificationResult.Verified(check(request, keys), SignatureScheme.CAVAGE);
        } catch (SignatureRejection e) {
            return new VerificationResult.Rejected(e.reason());
        }
    }

    /** The keyId the request claims, without checking anything else. */
    static Optional<String> keyIdOf(SignableRequest request) {
        try {
            return parse(request).param("keyId");
        } catch (SignatureRejection e) {
            return Optional.empty();
        }
    }

    private static CavageSignatureHeader parse(SignableRequest request) throws SignatureRejection {
        List<String> lines = request.headers().get("Signature");
        if (lines == null || lines.isEmpty()) {
            throw new SignatureRejection("unsigned");
        }
        if (lines.size() > 1) {
            throw new SignatureRejection("malformed-signature"); // two Signature lines: ambiguous, never sent by peers
        }
        return CavageSignatureHeader.parse(lines.get(0));
    }

    private String check(SignableRequest request, KeyLookup keys) throws SignatureRejection {
        CavageSignatureHeader sig = parse(request);
        String keyId = sig.param("keyId").orElseThrow(() -> new SignatureRejection("missing-parameter:keyId"));
        String encoded = sig.param("signature").orElseThrow(() -> new SignatureRejection("missing-parameter:signature"));

        String algorithm = sig.algorithm();
        if (!"rsa-sha256".equals(algorithm) && !"hs2019".equals(algorithm)) {
            throw new SignatureRejection("bad-algorithm");
        }
        List<String> covered = sig.headers();
        boolean hs2019 = "hs2019".equals(algorithm);
        if (!hs2019 && (covered.contains("(created)") || covered.contains("(expires)"))) {
            throw new SignatureRejection("bad-algorithm"); // Mastodon: "Invalid pseudo-header (created) for rsa-sha256"
        }
        requireCoverage(request, covered);
        checkHost(request);

        Instant created = createdTime(request, sig, covered, hs2019);
        Instant expires = covered.contains("(expires)") ? epochParam(sig, "expires") : null;
        Optional<String> stale = SignatureTimeWindow.check(created, expires, clock.instant());
        if (stale.isPresent()) {
            throw new SignatureRejection(stale.get());
        }

        if (covered.contains("digest")) {
            Optional<String> bad = BodyDigests.checkDigest(request.header("digest").orElse(null), request.bodyOrEmpty());
            if (bad.isPresent()) {
                throw new SignatureRejection(bad.get());
            }
        }

        byte[] signature = decodeSignature(encoded);
        PublicKey key = keys.find(keyId).orElseThrow(() -> new SignatureRejection("unknown-key"));
        SignatureAlgorithms.KeyType type = SignatureAlgorithms.typeOf(key);
        if (type == SignatureAlgorithms.KeyType.OTHER || (!hs2019 && type != SignatureAlgorithms.KeyType.RSA)) {
            throw new SignatureRejection("key-type-mismatch");
        }
        String withQuery = SignatureBase.cavage(request, covered, sig, true);
        if (SignatureAlgorithms.verify(key, withQuery, signature)) {
            return keyId;
        }
        if (request.target().getRawQuery() != null && covered.contains("(request-target)")) {
            String withoutQuery = SignatureBase.cavage(request, covered, sig, false);
            if (SignatureAlgorithms.verify(key, withoutQuery, signature)) {
                return keyId;
            }
        }
        throw new SignatureRejection("bad-signature");
    }

    private static void requireCoverage(SignableRequest request, List<String> covered) throws SignatureRejection {
        if (!covered.contains("date") && !covered.contains("(created)")) {
            throw new SignatureRejection("missing-covered-component:date");
        }
        if (!covered.contains("host")) {
            throw new SignatureRejection("host-not-signed"); // stricter than Mastodon, which needs it on GET only
        }
        // A GET's Digest covers an empty body, so without (request-target) the signature would fit any path: one
        // signed fetch of a public page could be replayed for a followers-only one within its time window.
        if (!covered.contains("(request-target)") && (!request.isPost() || !covered.contains("digest"))) {
            throw new SignatureRejection("missing-covered-component:(request-target)");
        }
        if (request.isPost() && !covered.contains("digest")) {
            throw new SignatureRejection("missing-covered-component:digest");
        }
    }

    /** The covered Host must name this server: a signature made for another host does not count here. */
    private static void checkHost(SignableRequest request) throws SignatureRejection {
        String host = request.header("host").orElseThrow(() -> new SignatureRejection("missing-header:host"));
        if (!normaliseAuthority(host, request.target().getScheme()).equals(request.authority())) {
            throw new SignatureRejection("host-mismatch");
        }
    }

    /** Lowercase, one trailing dot dropped, default port dropped. */
    static String normaliseAuthority(String hostHeader, String scheme) {
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        String s = scheme.toLowerCase(Locale.ROOT);
        if ("https".equals(s) && h.endsWith(":443")) {
            h = h.substring(0, h.length() - 4);
        } else if ("http".equals(s) && h.endsWith(":80")) {
            h = h.substring(0, h.length() - 3);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    private static Instant createdTime(SignableRequest request, CavageSignatureHeader sig, List<String> covered, boolean hs2019)
        throws SignatureRejection {
        if (hs2019 && covered.contains("(created)")) {
            return epochParam(sig, "created");
        }
        String date = request.header("date").orElseThrow(() -> new SignatureRejection("missing-header:date"));
        try {
            return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            throw new SignatureRejection("malformed-date");
        }
    }

    private static Instant epochParam(CavageSignatureHeader sig, String name) throws SignatureRejection {
        String value = sig.param(name).orElseThrow(() -> new SignatureRejection("missing-parameter:" + name));
        // Integer seconds (draft-cavage-12 §2.1.4); some senders add a fraction, which Mastodon truncates (to_i).
        if (!value.matches("[0-9]{1,12}(\\.[0-9]{1,9})?")) {
            throw new SignatureRejection("malformed-" + name);
        }
        int dot = value.indexOf('.');
        return Instant.ofEpochSecond(Long.parseLong(dot < 0 ? value : value.substring(0, dot)));
    }

    private static byte[] decodeSignature(String encoded) throws SignatureRejection {
        try {
            byte[] bytes = Base64.getDecoder().decode(encoded.strip());
            if (bytes.length == 0 || bytes.length > MAX_SIGNATURE_BYTES) {
                throw new SignatureRejection("malformed-signature");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new SignatureRejection("malformed-signature");
        }
    }
}
