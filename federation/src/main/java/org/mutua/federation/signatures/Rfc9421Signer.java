package org.mutua.federation.signatures;

import java.security.PrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signs outgoing requests with RFC 9421, as FEDERATION.md §2 sends the double-knock retry: POST covers
 * {@code ("@method" "@target-uri" "content-digest" "content-type")}, GET covers {@code ("@method" "@target-uri")},
 * with parameters {@code created}, {@code keyid} and {@code alg} under the label {@code sig1}. The algorithm follows
 * the key: RSA signs {@code rsa-v1_5-sha256} (RFC 9421 §3.3.2), Ed25519 signs {@code ed25519} (§3.3.6).
 */
public final class Rfc9421Signer {
    static final String LABEL = "sig1";
    static final List<String> POST_COMPONENTS = List.of("@method", "@target-uri", "content-digest", "content-type");
    static final List<String> GET_COMPONENTS = List.of("@method", "@target-uri");

    private final Clock clock;

    public Rfc9421Signer(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Adds {@code Content-Digest}, {@code Signature-Input} and {@code Signature}; set {@code Content-Type} first. */
    public SignableRequest signPost(SignableRequest request, String keyId, PrivateKey key) {
        if (request.header("content-type").isEmpty()) {
            throw new IllegalArgumentException("set Content-Type before signing a POST");
        }
        SignableRequest withDigest = request.withHeader("Content-Digest",
            BodyDigests.contentDigestHeader(request.bodyOrEmpty()));
        return sign(withDigest, POST_COMPONENTS, keyId, key);
    }

    /** Adds {@code Signature-Input} and {@code Signature}; the caller sets {@code Accept}. */
    public SignableRequest signGet(SignableRequest request, String keyId, PrivateKey key) {
        return sign(request, GET_COMPONENTS, keyId, key);
    }

    /** Signs any list of covered components (fields lowercase, derived components of RFC 9421 §2.2). */
    public SignableRequest sign(SignableRequest request, List<String> components, String keyId, PrivateKey key) {
        Objects.requireNonNull(keyId, "keyId");
        String alg = switch (SignatureAlgorithms.typeOf(key)) {
            case RSA -> "rsa-v1_5-sha256";
            case ED25519 -> "ed25519";
            case OTHER -> throw new IllegalArgumentException("only RSA and Ed25519 keys are supported");
        };
        List<StructuredFields.Item> items = new ArrayList<>();
        for (String c : components) {
            items.add(new StructuredFields.Item(c, Map.of()));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("created", clock.instant().getEpochSecond());
        params.put("keyid", keyId);
        params.put("alg", alg);
        StructuredFields.InnerList covered = new StructuredFields.InnerList(items, params);
        String base;
        try {
            base = SignatureBase.rfc9421(request, covered);
        } catch (SignatureRejection e) {
            throw new IllegalArgumentException("cannot sign: " + e.reason());
        }
        String signature = Base64.getEncoder().encodeToString(SignatureAlgorithms.sign(key, base));
        return request
            .withHeader("Signature-Input", LABEL + "=" + StructuredFields.serialize(covered))
            .withHeader("Signature", LABEL + "=:" + signature + ":");
    }
}
