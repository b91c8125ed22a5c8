package org.mutua.federation.signatures;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies RFC 9421 signatures by the rules of FEDERATION.md §2 (Mastodon app/lib/signed_request.rb
 * {@code HttpMessageSignature}, PRs #34814 and #39518):
 * <ul>
 * <li>the first label of {@code Signature-Input} is the one verified (Mastodon/Linzer do the same); its
 *     {@code Signature} entry must exist;</li>
 * <li>parameters {@code keyid} and {@code created} are required; {@code alg}, when given, is
 *     {@code rsa-v1_5-sha256} or {@code ed25519} and must fit the key; absent, the key type decides;</li>
 * <li>coverage: {@code @method} and {@code @target-uri} (or {@code @authority} + {@code @path}); POST:
 *     {@code content-digest}, whose {@code sha-256} member must match the body;</li>
 * <li>time window per {@link SignatureTimeWindow}.</li>
 * </ul>
 * Component parameters ({@code ;sf}, {@code ;key}, {@code ;req}, ...) are rejected: no peer sends them on requests.
 */
public final class Rfc9421Verifier {
    private static final int MAX_SIGNATURE_BYTES = 1024;

    private final Clock clock;

    public Rfc9421Verifier(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The first signature in {@code Signature-Input} and its value in {@code Signature}. */
    record Labelled(String label, StructuredFields.InnerList covered, byte[] signature) {
        Optional<String> stringParam(String name) throws SignatureRejection {
            Object v = covered.params().get(name);
            if (v == null) {
                return Optional.empty();
            }
            if (!(v instanceof String s)) {
                throw new SignatureRejection("malformed-signature-input");
            }
            return Optional.of(s);
        }

        Optional<Instant> timeParam(String name) throws SignatureRejection {
            Object v = covered.params().get(name);
            if (v == null) {
                return Optional.empty();
            }
            if (!(v instanceof Long seconds) || seconds < 0) {
                throw new SignatureRejection("malformed-signature-input");
            }
            return Optional.of(Instant.ofEpochSecond(seconds));
        }
    }

    public VerificationResult verify(SignableRequest request, KeyLookup keys) {
        try {
            return new VerificationResult.Verified(check(request, keys), SignatureScheme.RFC9421);
        } catch (SignatureRejection e) {
            return new VerificationResult.Rejected(e.reason());
        }
    }

    static Optional<String> keyIdOf(SignableRequest request) {
        try {
            return parse(request).stringParam("keyid");
        } catch (SignatureRejection e) {
            return Optional.empty();
        }
    }

    static Labelled parse(SignableRequest request) throws SignatureRejection {
        String input = request.header("signature-input").orElseThrow(() -> new SignatureRejection("unsigned"));
        String signatures = request.header("signature").orElseThrow(() -> new SignatureRejection("missing-header:signature"));
        if (input.length() > StructuredFields.MAX_FIELD_LENGTH || signatures.length() > StructuredFields.MAX_FIELD_LENGTH) {
            throw new SignatureRejection("header-too-large");
        }
        Map<String, Object> inputs;
        Map<String, Object> values;
        try {
            inputs = StructuredFields.parseDictionary(input);
        } catch (StructuredFields.ParseException e) {
            throw new SignatureRejection("malformed-signature-input");
        }
        try {
            values = StructuredFields.parseDictionary(signatures);
        } catch (StructuredFields.ParseException e) {
            throw new SignatureRejection("malformed-signature");
        }
        if (inputs.isEmpty()) {
            throw new SignatureRejection("malformed-signature-input");
        }
        Map.Entry<String, Object> first = inputs.entrySet().iterator().next();
        if (!(first.getValue() instanceof StructuredFields.InnerList covered)) {
            throw new SignatureRejection("malformed-signature-input");
        }
        Object value = values.get(first.getKey());
        if (value == null) {
            throw SignatureRejection.withDetail("missing-signature", first.getKey());
        }
        if (!(value instanceof StructuredFields.Item item) || !(item.value() instanceof byte[] signature)
            || signature.length == 0 || signature.length > MAX_SIGNATURE_BYTES) {
            throw new SignatureRejection("malformed-signature");
        }
        return new Labelled(first.getKey(), covered, signature);
    }

    private String check(SignableRequest request, KeyLookup keys) throws SignatureRejection {
        Labelled sig = parse(request);
        String keyId = sig.stringParam("keyid").orElseThrow(() -> new SignatureRejection("missing-parameter:keyid"));
        Instant created = sig.timeParam("created").orElseThrow(() -> new SignatureRejection("missing-parameter:created"));
        Instant expires = sig.timeParam("expires").orElse(null);
        Optional<String> alg = sig.stringParam("alg");
        if (alg.isPresent() && !"rsa-v1_5-sha256".equals(alg.get()) && !"ed25519".equals(alg.get())) {
            throw new SignatureRejection("bad-algorithm");
        }

        Set<String> components = new HashSet<>();
        for (StructuredFields.Item item : sig.covered().items()) {
            if (item.value() instanceof String s) {
                components.add(s);
            }
        }
        if (!components.contains("@method")) {
            throw new SignatureRejection("missing-covered-component:@method");
        }
        if (!components.contains("@target-uri") && !(components.contains("@authority") && components.contains("@path"))) {
            throw new SignatureRejection("missing-covered-component:@target-uri");
        }
        if (request.isPost() && !components.contains("content-digest")) {
            throw new SignatureRejection("missing-covered-component:content-digest");
        }

        Optional<String> stale = SignatureTimeWindow.check(created, expires, clock.instant());
        if (stale.isPresent()) {
            throw new SignatureRejection(stale.get());
        }

        if (components.contains("content-digest")) {
            Optional<String> bad = BodyDigests.checkContentDigest(request.header("content-digest").orElse(null),
                request.bodyOrEmpty());
            if (bad.isPresent()) {
                throw new SignatureRejection(bad.get());
            }
        }

        String base = SignatureBase.rfc9421(request, sig.covered());
        PublicKey key = keys.find(keyId).orElseThrow(() -> new SignatureRejection("unknown-key"));
        SignatureAlgorithms.KeyType type = SignatureAlgorithms.typeOf(key);
        SignatureAlgorithms.KeyType expected = alg.map(a -> "ed25519".equals(a)
            ? SignatureAlgorithms.KeyType.ED25519 : SignatureAlgorithms.KeyType.RSA).orElse(type);
        if (type == SignatureAlgorithms.KeyType.OTHER || type != expected) {
            throw new SignatureRejection("key-type-mismatch");
        }
        if (!SignatureAlgorithms.verify(key, base, sig.signature())) {
            throw new SignatureRejection("bad-signature");
        }
        return keyId;
    }
}
