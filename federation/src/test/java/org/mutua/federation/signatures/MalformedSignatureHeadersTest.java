package org.mutua.federation.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mutua.federation.signatures.Fixtures.*;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Oversized, garbled and ambiguous signature headers; parsing must be bounded and strict. */
class MalformedSignatureHeadersTest {
    private static final String AID_INBOX = "https://aid.example/inbox";

    private static SignableRequest cavagePost() {
        return new CavageSigner(CLOCK).signPost(post(AID_INBOX, BODY), KEY_ID, RSA.getPrivate());
    }

    private static SignableRequest rfc9421Post() {
        return new Rfc9421Signer(CLOCK).signPost(post(AID_INBOX, BODY), KEY_ID, RSA.getPrivate());
    }

    @Test
    void cavageSignatureHeaderOf100KbIsRejectedBeforeParsing() {
        String huge = "keyId=\"" + KEY_ID + "\",headers=\"" + "x ".repeat(50_000) + "\",signature=\"AAAA\"";
        assertEquals(rejected("header-too-large"), verify(cavagePost().withHeader("Signature", huge), rsaKey()));
    }

    @Test
    void cavageSignatureHeaderJustOver8KbIsRejected() {
        String sig = cavagePost().header("Signature").orElseThrow();
        String padded = sig + ",comment=\"" + "a".repeat(8 * 1024 - sig.length()) + "\"";
        assertEquals(rejected("header-too-large"), verify(cavagePost().withHeader("Signature", padded), rsaKey()));
    }

    @Test
    void rfc9421SignatureOf100KbIsRejected() {
        SignableRequest r = rfc9421Post();
        assertEquals(rejected("header-too-large"),
            verify(r.withHeader("Signature", "sig1=:" + "A".repeat(100 * 1024) + ":"), rsaKey()));
    }

    @Test
    void rfc9421SignatureInputOf100KbIsRejected() {
        SignableRequest r = rfc9421Post();
        String huge = "sig1=(" + "\"date\" ".repeat(15_000) + ");created=1";
        assertEquals(rejected("header-too-large"), verify(r.withHeader("Signature-Input", huge), rsaKey()));
    }

    @Test
    void cavageGarbageBase64SignatureIsRejected() {
        String sig = cavagePost().header("Signature").orElseThrow().replaceAll("signature=\"[^\"]*\"", "signature=\"!!!not*base64%%%\"");
        assertEquals(rejected("malformed-signature"), verify(cavagePost().withHeader("Signature", sig), rsaKey()));
    }

    @Test
    void cavageWellFormedBase64ThatIsNotTheSignatureIsRejected() {
        String sig = cavagePost().header("Signature").orElseThrow().replaceAll("signature=\"[^\"]*\"", "signature=\"AAAA\"");
        assertEquals(rejected("bad-signature"), verify(cavagePost().withHeader("Signature", sig), rsaKey()));
    }

    @Test
    void rfc9421GarbageByteSequenceIsRejected() {
        assertEquals(rejected("malformed-signature"), verify(rfc9421Post().withHeader("Signature", "sig1=:!!!garbage%%:"), rsaKey()));
    }

    @Test
    void rfc9421SignatureThatIsATokenNotABytesSequenceIsRejected() {
        assertEquals(rejected("malformed-signature"), verify(rfc9421Post().withHeader("Signature", "sig1=abc"), rsaKey()));
    }

    @Test
    void rfc9421GarbageSignatureInputIsRejected() {
        assertEquals(rejected("malformed-signature-input"), verify(rfc9421Post().withHeader("Signature-Input", "sig1=(\"@method\""), rsaKey()));
        assertEquals(rejected("malformed-signature-input"), verify(rfc9421Post().withHeader("Signature-Input", "Sig1=()"), rsaKey()));
        assertEquals(rejected("malformed-signature-input"), verify(rfc9421Post().withHeader("Signature-Input", "sig1=\"@method\""), rsaKey()));
    }

    @Test
    void rfc9421FirstLabelIsVerifiedEvenWhenALaterOneIsValid() {
        SignableRequest good = rfc9421Post();
        String input = "evil=(\"@method\" \"@target-uri\" \"content-digest\");created=" + NOW.getEpochSecond()
            + ";keyid=\"" + KEY_ID + "\", " + good.header("Signature-Input").orElseThrow();
        String sigs = "evil=:AAAA:, " + good.header("Signature").orElseThrow();
        assertEquals(rejected("bad-signature"),
            verify(good.withHeader("Signature-Input", input).withHeader("Signature", sigs), rsaKey()));
    }

    @Test
    void rfc9421SignatureMissingForTheFirstLabelIsRejected() {
        SignableRequest good = rfc9421Post();
        assertEquals(rejected("missing-signature:sig1"), verify(good.withHeader("Signature", "sig2=:AAAA:"), rsaKey()));
    }

    @Test
    void rfc9421DuplicateComponentIsRejected() {
        SignableRequest good = rfc9421Post();
        String input = good.header("Signature-Input").orElseThrow().replace("(\"@method\"", "(\"@method\" \"@method\"");
        assertEquals(rejected("duplicate-component"), verify(good.withHeader("Signature-Input", input), rsaKey()));
    }

    @Test
    void rfc9421UnknownDerivedComponentIsRejected() {
        SignableRequest good = rfc9421Post();
        String input = good.header("Signature-Input").orElseThrow().replace("(\"@method\"", "(\"@status\" \"@method\"");
        assertEquals(rejected("unsupported-component:@status"), verify(good.withHeader("Signature-Input", input), rsaKey()));
    }

    @Test
    void cavageDuplicateParameterIsRejected() {
        String sig = cavagePost().header("Signature").orElseThrow() + ",keyId=\"https://evil.example/key\"";
        assertEquals(rejected("malformed-signature"), verify(cavagePost().withHeader("Signature", sig), rsaKey()));
        assertEquals(Optional.empty(), HttpSignatures.keyIdOf(cavagePost().withHeader("Signature", sig)));
    }

    @Test
    void cavageTwoSignatureLinesAreRejected() {
        SignableRequest r = cavagePost();
        Map<String, List<String>> h = new LinkedHashMap<>(r.headers());
        h.put("Signature", List.of(r.header("Signature").orElseThrow(), r.header("Signature").orElseThrow()));
        assertEquals(rejected("malformed-signature"), verify(new SignableRequest("POST", r.target(), h, BODY), rsaKey()));
    }

    @Test
    void cavageQuotedKeyIdWithCommasAndEscapedQuotesParses() throws Exception {
        CavageSignatureHeader h = CavageSignatureHeader.parse(
            "keyId=\"https://x.example/k?a=1,b=\\\"2\\\"\", algorithm=\"hs2019\" ,created=1778578200,signature=\"AA==\"");
        assertEquals(Optional.of("https://x.example/k?a=1,b=\"2\""), h.param("keyId"));
        assertEquals(Optional.of("1778578200"), h.param("created"));
        assertEquals("hs2019", h.algorithm());
    }

    @Test
    void cavageUnterminatedQuoteIsRejected() {
        assertEquals(rejected("malformed-signature"),
            verify(cavagePost().withHeader("Signature", "keyId=\"" + KEY_ID + ",signature=\"AAAA"), rsaKey()));
    }

    @Test
    void cavageMalformedCreatedIsRejected() {
        SignableRequest r = HandSigner.cavage(post(AID_INBOX, BODY), "(request-target) (created) host digest", "hs2019",
            Map.of("created", "1e9"), RSA.getPrivate());
        assertEquals(rejected("malformed-created"), verify(r, rsaKey()));
    }

    @Test
    void unknownKeyIsRejected() {
        assertEquals(rejected("unknown-key"), verify(cavagePost(), id -> Optional.empty()));
        assertEquals(rejected("unknown-key"), verify(rfc9421Post(), id -> Optional.empty()));
    }

    @Test
    void aSignatureVerifiedOnceStillVerifiesWithinTheWindowButNotAfter() {
        SignableRequest r = rfc9421Post();
        assertEquals(new VerificationResult.Verified(KEY_ID, SignatureScheme.RFC9421), verifyAt(later(Duration.ofMinutes(30)), r, rsaKey()));
        assertEquals(rejected("expired"), verifyAt(later(Duration.ofMinutes(66)), r, rsaKey()));
    }

    @Test
    void rejectionReasonsDoNotEchoArbitraryRequestText() {
        SignableRequest r = HandSigner.cavage(post(AID_INBOX, BODY), "(request-target) host date digest content-type");
        String sig = r.header("Signature").orElseThrow().replace("content-type\"", "content-type <script>x</script>" + "y".repeat(60) + "\"");
        assertEquals(rejected("missing-header"), verify(r.withHeader("Signature", sig), rsaKey()));

        SignableRequest r9 = rfc9421Post();
        String label = "a" + "b".repeat(60);
        String input = r9.header("Signature-Input").orElseThrow().replaceFirst("^sig1=", label + "=");
        assertEquals(rejected("missing-signature"), verify(r9.withHeader("Signature-Input", input), rsaKey()));
    }
}
