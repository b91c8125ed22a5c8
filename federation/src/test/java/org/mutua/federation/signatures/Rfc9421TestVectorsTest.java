package org.mutua.federation.signatures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mutua.federation.signatures.Fixtures.*;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Test vectors from RFC 9421 (text taken from httpwg/http-extensions draft-ietf-httpbis-message-signatures.md as
 * published). Both algorithms are deterministic (RSASSA-PKCS1-v1_5, Ed25519), so our signer must reproduce the RFC's
 * signature bytes exactly, and our signature base must equal the RFC's line for line.
 */
class Rfc9421TestVectorsTest {
    private static final String CONTENT_DIGEST_SHA512 =
        "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:";
    private static final byte[] TEST_BODY = "{\"hello\": \"world\"}".getBytes(StandardCharsets.US_ASCII);

    // §4.3 "Multiple Signatures": the proxy's signature with test-key-rsa (B.1.1), alg rsa-v1_5-sha256.
    private static final String PROXY_SIGNATURE_INPUT = "sig1=(\"@method\" \"@authority\" \"@path\" "
        + "\"content-digest\" \"content-type\" \"content-length\");created=1618884475;keyid=\"test-key-ecc-p256\", "
        + "proxy_sig=(\"@method\" \"@authority\" \"@path\" \"content-digest\" \"content-type\" \"content-length\" "
        + "\"forwarded\");created=1618884480;keyid=\"test-key-rsa\";alg=\"rsa-v1_5-sha256\";expires=1618884540";
    private static final String PROXY_SIGNATURE = "sig1=:X5spyd6CFnAG5QnDyHfqoSNICd+BUP4LYMz2Q0JXlb//4Ijpzp"
        + "+kve2w4NIyqeAuM7jTDX+sNalzA8ESSaHD3A==:, proxy_sig=:" + "S6ZzPXSdAMOPjN/6KXfXWNO/f7V6cHm7BXYUh3YD/fRad4BCaRZxP+"
        + "JH+8XY1I6+8Cy+CM5g92iHgxtRPz+MjniOaYmdkDcnL9cCpXJleXsOckpURl49GwiyUpZ10KHgOEe11sx3G2gxI8S0jnxQB+Pu68U9vVcas"
        + "qOWAEObtNKKZd8tSFu7LB5YAv0RAGhB8tmpv7sFnIm9y+7X5kXQfi8NMaZaA8i2ZHwpBdg7a6CMfwnnrtflzvZdXAsD3LH2TwevU+/PBPv0"
        + "B6NMNk93wUs/vfJvye+YuI87HU38lZHowtznbLVdp770I6VHR6WfgS9ddzirrswsE1w5o0LV/g==:";
    private static final String PROXY_SIG_VALUE = "S6ZzPXSdAMOPjN/6KXfXWNO/f7V6cHm7BXYUh3YD/fRad4BCaRZxP+JH+8XY1I6+8Cy"
        + "+CM5g92iHgxtRPz+MjniOaYmdkDcnL9cCpXJleXsOckpURl49GwiyUpZ10KHgOEe11sx3G2gxI8S0jnxQB+Pu68U9vVcasqOWAEObtNKKZd8t"
        + "SFu7LB5YAv0RAGhB8tmpv7sFnIm9y+7X5kXQfi8NMaZaA8i2ZHwpBdg7a6CMfwnnrtflzvZdXAsD3LH2TwevU+/PBPv0B6NMNk93wUs/vfJvy"
        + "e+YuI87HU38lZHowtznbLVdp770I6VHR6WfgS9ddzirrswsE1w5o0LV/g==";
    private static final String PROXY_BASE = String.join("\n",
        "\"@method\": POST",
        "\"@authority\": origin.host.internal.example",
        "\"@path\": /foo",
        "\"content-digest\": " + CONTENT_DIGEST_SHA512,
        "\"content-type\": application/json",
        "\"content-length\": 18",
        "\"forwarded\": for=192.0.2.123;host=example.com;proto=https",
        "\"@signature-params\": (\"@method\" \"@authority\" \"@path\" \"content-digest\" \"content-type\" "
            + "\"content-length\" \"forwarded\");created=1618884480;keyid=\"test-key-rsa\";alg=\"rsa-v1_5-sha256\""
            + ";expires=1618884540");

    // Appendix B.2.6 "Signing a Request using ed25519" with test-key-ed25519 (B.1.4), label sig-b26.
    private static final String B26_BASE = String.join("\n",
        "\"date\": Tue, 20 Apr 2021 02:07:55 GMT",
        "\"@method\": POST",
        "\"@path\": /foo",
        "\"@authority\": example.com",
        "\"content-type\": application/json",
        "\"content-length\": 18",
        "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\")"
            + ";created=1618884473;keyid=\"test-key-ed25519\"");
    private static final String B26_SIG_VALUE =
        "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==";

    private static SignableRequest proxiedRequest() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Host", List.of("origin.host.internal.example"));
        h.put("Date", List.of("Tue, 20 Apr 2021 02:07:56 GMT"));
        h.put("Content-Type", List.of("application/json"));
        h.put("Content-Length", List.of("18"));
        h.put("Forwarded", List.of("for=192.0.2.123;host=example.com;proto=https"));
        h.put("Content-Digest", List.of(CONTENT_DIGEST_SHA512));
        h.put("Signature-Input", List.of(PROXY_SIGNATURE_INPUT));
        h.put("Signature", List.of(PROXY_SIGNATURE));
        return new SignableRequest("POST", URI.create("https://origin.host.internal.example/foo?param=Value&Pet=dog"), h, TEST_BODY);
    }

    private static SignableRequest b26Request() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Host", List.of("example.com"));
        h.put("Date", List.of("Tue, 20 Apr 2021 02:07:55 GMT"));
        h.put("Content-Type", List.of("application/json"));
        h.put("Content-Digest", List.of(CONTENT_DIGEST_SHA512));
        h.put("Content-Length", List.of("18"));
        h.put("Signature-Input", List.of("sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" "
            + "\"content-length\");created=1618884473;keyid=\"test-key-ed25519\""));
        h.put("Signature", List.of("sig-b26=:" + B26_SIG_VALUE + ":"));
        return new SignableRequest("POST", URI.create("https://example.com/foo?param=Value&Pet=dog"), h, TEST_BODY);
    }

    /** The proxy_sig entry on its own, as if it were the first label. */
    private static SignableRequest proxySigOnly() {
        SignableRequest r = proxiedRequest();
        String input = PROXY_SIGNATURE_INPUT.substring(PROXY_SIGNATURE_INPUT.indexOf("proxy_sig="));
        return r.withHeader("Signature-Input", input).withHeader("Signature", "proxy_sig=:" + PROXY_SIG_VALUE + ":");
    }

    @Test
    void section43ProxySignatureBaseMatchesTheRfc() throws Exception {
        Rfc9421Verifier.Labelled sig = Rfc9421Verifier.parse(proxySigOnly());

        assertEquals(PROXY_BASE, SignatureBase.rfc9421(proxySigOnly(), sig.covered()));
    }

    @Test
    void section43SigningWithTestKeyRsaReproducesTheRfcSignatureBytes() {
        PrivateKey key = privateKey("rfc9421-test-key-rsa.key.pem", "RSA");

        assertEquals(PROXY_SIG_VALUE, Base64.getEncoder().encodeToString(SignatureAlgorithms.sign(key, PROXY_BASE)));
    }

    @Test
    void section43SignatureVerifiesWithTestKeyRsa() throws Exception {
        PublicKey key = publicKey("rfc9421-test-key-rsa.pub.pem", "RSA");
        Rfc9421Verifier.Labelled sig = Rfc9421Verifier.parse(proxySigOnly());

        assertTrue(SignatureAlgorithms.verify(key, SignatureBase.rfc9421(proxySigOnly(), sig.covered()), sig.signature()));
    }

    @Test
    void section43FirstLabelIsTheClientsSignatureAndItsKeyIdIsReported() {
        assertEquals(Optional.of("test-key-ecc-p256"), HttpSignatures.keyIdOf(proxiedRequest()));
    }

    @Test
    void section43PassesEveryPolicyCheckExceptTheSha512OnlyContentDigest() {
        // Covers @method, @authority + @path and content-digest, fresh at 1618884500, but Content-Digest offers only
        // sha-512, which the profile rejects (Mastodon "only supports SHA-256 in Content-Digest header").
        VerificationResult r = new Rfc9421Verifier(clockAt(Instant.ofEpochSecond(1618884500L)))
            .verify(proxySigOnly(), only("test-key-rsa", publicKey("rfc9421-test-key-rsa.pub.pem", "RSA")));

        assertEquals(rejected("digest-unsupported-algorithm"), r);
    }

    @Test
    void appendixB26Ed25519SignatureBaseMatchesTheRfc() throws Exception {
        Rfc9421Verifier.Labelled sig = Rfc9421Verifier.parse(b26Request());

        assertEquals("sig-b26", sig.label());
        assertEquals(B26_BASE, SignatureBase.rfc9421(b26Request(), sig.covered()));
    }

    @Test
    void appendixB26SigningWithTestKeyEd25519ReproducesTheRfcSignatureBytes() {
        PrivateKey key = privateKey("rfc9421-test-key-ed25519.key.pem", "Ed25519");

        assertArrayEquals(Base64.getDecoder().decode(B26_SIG_VALUE), SignatureAlgorithms.sign(key, B26_BASE));
    }

    @Test
    void appendixB26SignatureVerifiesButThePolicyWantsTargetAndContentDigest() throws Exception {
        PublicKey key = publicKey("rfc9421-test-key-ed25519.pub.pem", "Ed25519");
        Rfc9421Verifier.Labelled sig = Rfc9421Verifier.parse(b26Request());
        assertTrue(SignatureAlgorithms.verify(key, B26_BASE, sig.signature()));

        VerificationResult r = new Rfc9421Verifier(clockAt(Instant.ofEpochSecond(1618884473L)))
            .verify(b26Request(), only("test-key-ed25519", key));
        assertEquals(rejected("missing-covered-component:content-digest"), r);
    }

    @Test
    void appendixB26StyleEd25519SignatureOverTheProfilesComponentsVerifies() {
        // Same key, our required coverage; alg ed25519 stated explicitly.
        SignableRequest signed = new Rfc9421Signer(clockAt(Instant.ofEpochSecond(1618884473L)))
            .signPost(post("https://example.com/foo?param=Value&Pet=dog", TEST_BODY), "test-key-ed25519",
                privateKey("rfc9421-test-key-ed25519.key.pem", "Ed25519"));

        VerificationResult r = new Rfc9421Verifier(clockAt(Instant.ofEpochSecond(1618884500L)))
            .verify(signed, only("test-key-ed25519", publicKey("rfc9421-test-key-ed25519.pub.pem", "Ed25519")));
        assertEquals(new VerificationResult.Verified("test-key-ed25519", SignatureScheme.RFC9421), r);
    }
}
