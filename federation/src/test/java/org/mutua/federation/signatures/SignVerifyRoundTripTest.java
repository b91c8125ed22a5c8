package org.mutua.federation.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mutua.federation.signatures.Fixtures.*;

import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SignVerifyRoundTripTest {
    private final CavageSigner cavage = new CavageSigner(CLOCK);
    private final Rfc9421Signer rfc9421 = new Rfc9421Signer(CLOCK);

    @Test
    void cavagePostCarriesTheMastodonHeadersAndVerifies() {
        SignableRequest signed = cavage.signPost(post(INBOX, BODY), KEY_ID, RSA.getPrivate());

        assertEquals(Optional.of("masto.example"), signed.header("Host"));
        assertEquals(Optional.of("Tue, 12 May 2026 09:30:00 GMT"), signed.header("Date"));
        // FEDERATION.md §2 example: SHA-256 of {"hello": "world"}
        assertEquals(Optional.of("SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE="), signed.header("Digest"));
        assertTrue(Pattern.matches("keyId=\"https://aid\\.example/g/eastside#main-key\",algorithm=\"rsa-sha256\","
            + "headers=\"\\(request-target\\) host date digest content-type\",signature=\"[A-Za-z0-9+/=]{344}\"",
            signed.header("Signature").orElseThrow()));
        assertEquals(new VerificationResult.Verified(KEY_ID, SignatureScheme.CAVAGE), verify(signed, rsaKey()));
    }

    @Test
    void cavageGetSignsRequestTargetHostDateAndKeepsTheCallersAccept() {
        SignableRequest signed = cavage.signGet(get("https://masto.example/users/alice?page=2"), KEY_ID, RSA.getPrivate());

        assertTrue(signed.header("Signature").orElseThrow().contains("headers=\"(request-target) host date\""));
        assertEquals(Optional.of(ACCEPT), signed.header("Accept"));
        assertEquals(Optional.empty(), signed.header("Digest"));
        assertEquals(new VerificationResult.Verified(KEY_ID, SignatureScheme.CAVAGE), verify(signed, rsaKey()));
    }

    @Test
    void cavageRequestTargetIncludesTheQueryString() {
        SignableRequest signed = cavage.signGet(get("https://masto.example/users/alice/outbox?page=true"), KEY_ID, RSA.getPrivate());
        SignableRequest withoutQuery = receivedAt(signed, "https://masto.example/users/alice/outbox");

        assertEquals(rejected("bad-signature"), verify(withoutQuery, rsaKey()));
    }

    @Test
    void rfc9421PostCarriesContentDigestAndSignatureInputAndVerifies() {
        SignableRequest signed = rfc9421.signPost(post(INBOX, BODY), KEY_ID, RSA.getPrivate());

        assertEquals(Optional.of("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:"), signed.header("Content-Digest"));
        assertEquals(Optional.of("sig1=(\"@method\" \"@target-uri\" \"content-digest\" \"content-type\");created=1778578200"
            + ";keyid=\"https://aid.example/g/eastside#main-key\";alg=\"rsa-v1_5-sha256\""), signed.header("Signature-Input"));
        assertTrue(Pattern.matches("sig1=:[A-Za-z0-9+/=]{344}:", signed.header("Signature").orElseThrow()));
        assertEquals(new VerificationResult.Verified(KEY_ID, SignatureScheme.RFC9421), verify(signed, rsaKey()));
    }

    @Test
    void rfc9421GetCoversMethodAndTargetUri() {
        SignableRequest signed = rfc9421.signGet(get("https://masto.example/users/alice?page=2"), KEY_ID, RSA.getPrivate());

        assertTrue(signed.header("Signature-Input").orElseThrow().startsWith("sig1=(\"@method\" \"@target-uri\");created="));
        assertEquals(new VerificationResult.Verified(KEY_ID, SignatureScheme.RFC9421), verify(signed, rsaKey()));
    }

    @Test
    void rfc9421WithAnEd25519KeySignsAlgEd25519AndVerifies() {
        SignableRequest signed = rfc9421.signPost(post(INBOX, BODY), KEY_ID, ED25519.getPrivate());

        assertTrue(signed.header("Signature-Input").orElseThrow().endsWith(";alg=\"ed25519\""));
        assertEquals(new VerificationResult.Verified(KEY_ID, SignatureScheme.RFC9421),
            verify(signed, only(KEY_ID, ED25519.getPublic())));
    }

    @Test
    void aNonDefaultPortIsPartOfHost() {
        SignableRequest signed = cavage.signPost(post("https://masto.example:8443/inbox", BODY), KEY_ID, RSA.getPrivate());

        assertEquals(Optional.of("masto.example:8443"), signed.header("Host"));
        assertEquals(new VerificationResult.Verified(KEY_ID, SignatureScheme.CAVAGE), verify(signed, rsaKey()));
    }

    @Test
    void dateIsAnImfFixdateWithATwoDigitDay() {
        SignableRequest signed = new CavageSigner(clockAt(java.time.Instant.parse("2026-06-02T07:05:09Z")))
            .signGet(get(INBOX), KEY_ID, RSA.getPrivate());

        assertEquals(Optional.of("Tue, 02 Jun 2026 07:05:09 GMT"), signed.header("Date"));
    }

    @Test
    void signingAPostWithoutContentTypeIsAProgrammingError() {
        SignableRequest bare = SignableRequest.of("POST", java.net.URI.create(INBOX), BODY);

        assertThrows(IllegalArgumentException.class, () -> cavage.signPost(bare, KEY_ID, RSA.getPrivate()));
        assertThrows(IllegalArgumentException.class, () -> rfc9421.signPost(bare, KEY_ID, RSA.getPrivate()));
    }

    @Test
    void cavageSigningRefusesEd25519Keys() {
        assertThrows(IllegalArgumentException.class, () -> cavage.signPost(post(INBOX, BODY), KEY_ID, ED25519.getPrivate()));
    }

    @Test
    void keyIdOfNamesTheKeyToFetchForBothSchemes() {
        assertEquals(Optional.of(KEY_ID), HttpSignatures.keyIdOf(cavage.signPost(post(INBOX, BODY), KEY_ID, RSA.getPrivate())));
        assertEquals(Optional.of(KEY_ID), HttpSignatures.keyIdOf(rfc9421.signPost(post(INBOX, BODY), KEY_ID, RSA.getPrivate())));
        assertEquals(Optional.empty(), HttpSignatures.keyIdOf(post(INBOX, BODY)));
    }

    @Test
    void headerLookupIsCaseInsensitive() {
        SignableRequest signed = cavage.signPost(post(INBOX, BODY), KEY_ID, RSA.getPrivate());

        assertEquals(signed.header("signature"), signed.header("SIGNATURE"));
        assertTrue(signed.header("content-TYPE").isPresent());
    }

    @Test
    void requestsWithEqualBodiesAreEqualAndBodiesAreCopied() {
        byte[] body = BODY.clone();
        SignableRequest a = post(INBOX, body);
        body[0] = 'X';

        assertEquals(post(INBOX, BODY.clone()), a);
        assertEquals(post(INBOX, BODY.clone()).hashCode(), a.hashCode());
    }
}
