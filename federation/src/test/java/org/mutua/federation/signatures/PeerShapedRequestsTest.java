package org.mutua.federation.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mutua.federation.signatures.Fixtures.*;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests built the way peers build them, independently of our signers: the signing string is assembled here by
 * hand, following each peer's code, and only the verifier under test is ours.
 */
class PeerShapedRequestsTest {
    private static final String ALICE = "https://masto.example/users/alice#main-key";
    private static final PrivateKey ALICE_PRIVATE = privateKey("masto-example-alice.key.pem", "RSA");
    private static final PublicKey ALICE_PUBLIC = publicKey("masto-example-alice.pub.pem", "RSA");
    private static final String DATE = "Tue, 12 May 2026 09:29:58 GMT";
    private static final byte[] ACTIVITY = ("{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":"
        + "\"https://masto.example/users/alice#follows/1\",\"type\":\"Follow\",\"actor\":\"https://masto.example/users/alice\","
        + "\"object\":\"https://aid.example/g/eastside\"}").getBytes(StandardCharsets.UTF_8);

    private static String rsaSha256(String signingString) throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(ALICE_PRIVATE);
        s.update(signingString.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }

    private static String sha256Base64(byte[] body) throws Exception {
        return Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(body));
    }

    /**
     * Mastodon app/lib/request.rb: {@code @headers} in insertion order ((request-target), Host, Date, Digest, then
     * Content-Type added by the delivery worker); signed_string is "#{key.downcase}: #{value}" joined by "\n";
     * (request-target) is "#{@verb} #{@url.path}" (no query); algorithm rsa-sha256.
     */
    @Test
    void mastodonDeliveryPostVerifies() throws Exception {
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("(request-target)", "post /g/eastside/inbox");
        signed.put("Host", "aid.example");
        signed.put("Date", DATE);
        signed.put("Digest", "SHA-256=" + sha256Base64(ACTIVITY));
        signed.put("Content-Type", "application/activity+json");
        StringBuilder signingString = new StringBuilder();
        signed.forEach((k, v) -> signingString.append(signingString.length() == 0 ? "" : "\n").append(k.toLowerCase()).append(": ").append(v));
        String signature = "keyId=\"" + ALICE + "\",algorithm=\"rsa-sha256\",headers=\""
            + String.join(" ", signed.keySet()).toLowerCase() + "\",signature=\"" + rsaSha256(signingString.toString()) + "\"";

        Map<String, List<String>> headers = new LinkedHashMap<>();
        signed.forEach((k, v) -> {
            if (!k.startsWith("(")) {
                headers.put(k, List.of(v));
            }
        });
        headers.put("User-Agent", List.of("http.rb/5.2.0 (Mastodon/4.3.0; +https://masto.example/)"));
        headers.put("Accept-Encoding", List.of("gzip"));
        headers.put("Signature", List.of(signature));
        SignableRequest request = new SignableRequest("POST", URI.create("https://aid.example/g/eastside/inbox"), headers, ACTIVITY);

        assertEquals(new VerificationResult.Verified(ALICE, SignatureScheme.CAVAGE), verify(request, only(ALICE, ALICE_PUBLIC)));
    }

    /** Older Mastodon omits the query from (request-target); verification retries without it (signed_request.rb). */
    @Test
    void mastodonSignedGetWithoutQueryInRequestTargetVerifies() throws Exception {
        String signingString = "(request-target): get /g/eastside/outbox\nhost: aid.example\ndate: " + DATE;
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("aid.example"));
        headers.put("Date", List.of(DATE));
        headers.put("Accept", List.of(ACCEPT));
        headers.put("Signature", List.of("keyId=\"" + ALICE + "\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date\","
            + "signature=\"" + rsaSha256(signingString) + "\""));
        SignableRequest request = new SignableRequest("GET", URI.create("https://aid.example/g/eastside/outbox?page=true"), headers, null);

        assertEquals(new VerificationResult.Verified(ALICE, SignatureScheme.CAVAGE), verify(request, only(ALICE, ALICE_PUBLIC)));
    }

    /**
     * GoToSocial (docs/federation/http_signatures.md): algorithm hs2019, headers "(request-target) host date digest",
     * no content-type; keyId ends in /main-key.
     */
    @Test
    void goToSocialHs2019PostVerifies() throws Exception {
        String keyId = "https://gts.example/users/bob/main-key";
        String digest = "SHA-256=" + sha256Base64(ACTIVITY);
        String signingString = "(request-target): post /g/eastside/inbox\nhost: aid.example\ndate: " + DATE + "\ndigest: " + digest;
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("host", List.of("aid.example"));
        headers.put("date", List.of(DATE));
        headers.put("digest", List.of(digest));
        headers.put("content-type", List.of("application/activity+json; charset=utf-8"));
        headers.put("signature", List.of("keyId=\"" + keyId + "\",algorithm=\"hs2019\",headers=\"(request-target) host date digest\","
            + "signature=\"" + rsaSha256(signingString) + "\""));
        SignableRequest request = new SignableRequest("POST", URI.create("https://aid.example/g/eastside/inbox"), headers, ACTIVITY);

        assertEquals(new VerificationResult.Verified(keyId, SignatureScheme.CAVAGE), verify(request, only(keyId, ALICE_PUBLIC)));
    }

    /** hs2019 with (created)/(expires) instead of Date, and an Ed25519 key (the key type decides). */
    @Test
    void hs2019WithCreatedExpiresAndAnEd25519KeyVerifies() throws Exception {
        long created = NOW.getEpochSecond() - 10;
        long expires = created + 300;
        String signingString = "(request-target): post /inbox\n(created): " + created + "\n(expires): " + expires
            + "\nhost: aid.example\ndigest: SHA-256=" + sha256Base64(ACTIVITY);
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(ED25519.getPrivate());
        s.update(signingString.getBytes(StandardCharsets.UTF_8));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("aid.example"));
        headers.put("Digest", List.of("SHA-256=" + sha256Base64(ACTIVITY)));
        headers.put("Signature", List.of("keyId=\"" + KEY_ID + "\",headers=\"(request-target) (created) (expires) host digest\","
            + "created=" + created + ",expires=" + expires + ",signature=\"" + Base64.getEncoder().encodeToString(s.sign()) + "\""));
        SignableRequest request = new SignableRequest("POST", URI.create("https://aid.example/inbox"), headers, ACTIVITY);

        assertEquals(new VerificationResult.Verified(KEY_ID, SignatureScheme.CAVAGE), verify(request, only(KEY_ID, ED25519.getPublic())));
    }

    /**
     * Fedify's RFC 9421 shape: components ("@method" "@target-uri" "@authority" "host" "date" "content-digest"),
     * parameters in the order alg, keyid, created.
     */
    @Test
    void fedifyStyleRfc9421PostVerifies() throws Exception {
        String keyId = "https://fedify.example/users/carol#main-key";
        String contentDigest = "sha-256=:" + sha256Base64(ACTIVITY) + ":";
        String params = "(\"@method\" \"@target-uri\" \"@authority\" \"host\" \"date\" \"content-digest\")"
            + ";alg=\"rsa-v1_5-sha256\";keyid=\"" + keyId + "\";created=" + (NOW.getEpochSecond() - 2);
        String base = "\"@method\": POST\n\"@target-uri\": https://aid.example/g/eastside/inbox\n\"@authority\": aid.example\n"
            + "\"host\": aid.example\n\"date\": " + DATE + "\n\"content-digest\": " + contentDigest + "\n\"@signature-params\": " + params;
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("aid.example"));
        headers.put("Date", List.of(DATE));
        headers.put("Content-Type", List.of("application/activity+json"));
        headers.put("Content-Digest", List.of(contentDigest));
        headers.put("Signature-Input", List.of("sig1=" + params));
        headers.put("Signature", List.of("sig1=:" + rsaSha256(base) + ":"));
        SignableRequest request = new SignableRequest("POST", URI.create("https://aid.example/g/eastside/inbox"), headers, ACTIVITY);

        assertEquals(new VerificationResult.Verified(keyId, SignatureScheme.RFC9421), verify(request, only(keyId, ALICE_PUBLIC)));
    }

    /** The header is split over two field lines by a proxy; lines are joined with ", " (RFC 9421 §2.1). */
    @Test
    void rfc9421SignatureInputSplitOverTwoLinesVerifies() {
        SignableRequest signed = new Rfc9421Signer(CLOCK).signPost(post(INBOX, BODY), KEY_ID, RSA.getPrivate());
        Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
        headers.put("Signature-Input", List.of(signed.header("Signature-Input").orElseThrow(), "other=(\"@method\");created=1"));
        headers.put("Signature", List.of(signed.header("Signature").orElseThrow(), "other=:AAAA:"));

        assertEquals(new VerificationResult.Verified(KEY_ID, SignatureScheme.RFC9421),
            verify(new SignableRequest("POST", signed.target(), headers, BODY), rsaKey()));
    }
}
