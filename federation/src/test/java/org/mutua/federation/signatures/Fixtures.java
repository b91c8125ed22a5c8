package org.mutua.federation.signatures;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mutua.federation.keys.PemKeys;

/** Keys, clocks and requests shared by the signature tests. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-05-12T09:30:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String KEY_ID = "https://aid.example/g/eastside#main-key";
    static final String INBOX = "https://masto.example/inbox";
    static final byte[] BODY = "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8);
    static final String ACCEPT = "application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

    static final KeyPair RSA = generate("RSA");
    static final KeyPair ED25519 = generate("Ed25519");

    private Fixtures() {
    }

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    static Clock later(Duration d) {
        return clockAt(NOW.plus(d));
    }

    static KeyPair generate(String algorithm) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if ("RSA".equals(algorithm)) {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/signatures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PublicKey publicKey(String name, String algorithm) {
        return PemKeys.parsePublicKey(resource(name), algorithm);
    }

    static PrivateKey privateKey(String name, String algorithm) {
        return PemKeys.parsePrivateKey(resource(name), algorithm);
    }

    /** A lookup that knows exactly one key. */
    static KeyLookup only(String keyId, PublicKey key) {
        return id -> id.equals(keyId) ? Optional.of(key) : Optional.empty();
    }

    static KeyLookup rsaKey() {
        return only(KEY_ID, RSA.getPublic());
    }

    static SignableRequest post(String uri, byte[] body) {
        return new SignableRequest("POST", URI.create(uri), Map.of("Content-Type", List.of("application/activity+json")), body);
    }

    static SignableRequest get(String uri) {
        return new SignableRequest("GET", URI.create(uri), Map.of("Accept", List.of(ACCEPT)), null);
    }

    /** The request as the receiving server sees it: same headers and body, target rebuilt from its own view. */
    static SignableRequest receivedAt(SignableRequest sent, String target) {
        return new SignableRequest(sent.method(), URI.create(target), sent.headers(), sent.body());
    }

    static VerificationResult verify(SignableRequest request, KeyLookup keys) {
        return new HttpSignatures(CLOCK).verify(request, keys);
    }

    static VerificationResult verifyAt(Clock clock, SignableRequest request, KeyLookup keys) {
        return new HttpSignatures(clock).verify(request, keys);
    }

    static VerificationResult.Rejected rejected(String reason) {
        return new VerificationResult.Rejected(reason);
    }
}
