package org.mutua.federation.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mutua.federation.signatures.Fixtures.*;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** FEDERATION.md §6 rows 1-6 and 16, for both schemes. Every case must be rejected with its machine reason. */
class HostileSignedRequestsTest {
    private static final CavageSigner CAVAGE = new CavageSigner(CLOCK);
    private static final Rfc9421Signer RFC9421 = new Rfc9421Signer(CLOCK);
    private static final String AID_INBOX = "https://aid.example/g/eastside/inbox";

    private static SignableRequest cavagePost() {
        return CAVAGE.signPost(post(AID_INBOX, BODY), KEY_ID, RSA.getPrivate());
    }

    private static SignableRequest rfc9421Post() {
        return RFC9421.signPost(post(AID_INBOX, BODY), KEY_ID, RSA.getPrivate());
    }

    private static SignableRequest withBody(SignableRequest r, String body) {
        return new SignableRequest(r.method(), r.target(), r.headers(), body.getBytes(StandardCharsets.UTF_8));
    }

    @Nested
    class Row1Unsigned {
        @Test
        void unsignedInboxPostIsRejected() {
            assertEquals(rejected("unsigned"), verify(post(AID_INBOX, BODY), rsaKey()));
        }

        @Test
        void unsignedGetIsRejected() {
            assertEquals(rejected("unsigned"), verify(get("https://aid.example/g/eastside/outbox"), rsaKey()));
        }

        @Test
        void emptySignatureHeaderIsNotASignature() {
            assertEquals(rejected("missing-parameter:keyId"), verify(post(AID_INBOX, BODY).withHeader("Signature", ""), rsaKey()));
        }

        @Test
        void signatureInputWithoutSignatureIsRejected() {
            SignableRequest r = rfc9421Post();
            Map<String, List<String>> h = new LinkedHashMap<>(r.headers());
            h.remove("Signature");
            assertEquals(rejected("missing-header:signature"), verify(new SignableRequest("POST", r.target(), h, BODY), rsaKey()));
        }
    }

    @Nested
    class Row2MissingCoverage {
        @Test
        void cavagePostWhoseHeadersLackDigestIsRejected() {
            assertEquals(rejected("missing-covered-component:digest"),
                verify(HandSigner.cavage(post(AID_INBOX, BODY), "(request-target) host date content-type"), rsaKey()));
        }

        @Test
        void cavagePostWhoseHeadersLackHostIsRejected() {
            assertEquals(rejected("host-not-signed"),
                verify(HandSigner.cavage(post(AID_INBOX, BODY), "(request-target) date digest"), rsaKey()));
        }

        @Test
        void cavageGetWhoseHeadersLackHostIsRejected() {
            assertEquals(rejected("host-not-signed"),
                verify(HandSigner.cavage(get("https://aid.example/g/eastside"), "(request-target) date"), rsaKey()));
        }

        @Test
        void cavagePostWhoseHeadersLackDateAndCreatedIsRejected() {
            assertEquals(rejected("missing-covered-component:date"),
                verify(HandSigner.cavage(post(AID_INBOX, BODY), "(request-target) host digest"), rsaKey()));
        }

        @Test
        void cavageWithoutHeadersParameterMeansDateOnlyAndIsRejected() {
            SignableRequest r = cavagePost();
            String sig = r.header("Signature").orElseThrow().replace("headers=\"(request-target) host date digest content-type\",", "");
            assertEquals(rejected("host-not-signed"), verify(r.withHeader("Signature", sig), rsaKey()));
        }

        @Test
        void cavageGetWithoutRequestTargetIsRejected() {
            assertEquals(rejected("missing-covered-component:(request-target)"),
                verify(HandSigner.cavage(get("https://aid.example/g/eastside"), "host date"), rsaKey()));
        }

        /**
         * §6 rows 2 and 7: a GET signing an empty body's Digest instead of {@code (request-target)} names no path, so
         * the signature a peer made for a public page would open any other page within its window.
         */
        @Test
        void cavageGetSigningDigestInsteadOfRequestTargetIsRejected() {
            SignableRequest page = get("https://aid.example/g/eastside");
            // An empty body, so the hand signer adds its Digest as such peers do.
            SignableRequest signed = HandSigner.cavage(new SignableRequest("GET", page.target(), page.headers(), new byte[0]),
                "host date digest");
            assertEquals(rejected("missing-covered-component:(request-target)"), verify(signed, rsaKey()));
            SignableRequest replayed = receivedAt(signed, "https://aid.example/g/eastside/followers");
            assertEquals(rejected("missing-covered-component:(request-target)"), verify(replayed, rsaKey()));
        }

        @Test
        void cavageGetSigningRequestTargetVerifies() {
            SignableRequest signed = HandSigner.cavage(get("https://aid.example/g/eastside"), "(request-target) host date");
            assertEquals(new VerificationResult.Verified(KEY_ID, SignatureScheme.CAVAGE), verify(signed, rsaKey()));
            assertEquals(rejected("bad-signature"), verify(receivedAt(signed, "https://aid.example/g/eastside/followers"), rsaKey()));
        }

        /** Mastodon's rule for POSTs stays: the Digest ties the signature to the body, (request-target) may be left out. */
        @Test
        void cavagePostSigningDigestWithoutRequestTargetStillVerifies() {
            SignableRequest signed = HandSigner.cavage(post(AID_INBOX, BODY), "host date digest");
            assertEquals(new VerificationResult.Verified(KEY_ID, SignatureScheme.CAVAGE), verify(signed, rsaKey()));
        }

        @Test
        void coveredHeaderThatIsAbsentIsRejected() {
            SignableRequest r = HandSigner.cavage(post(AID_INBOX, BODY), "(request-target) host date digest content-type");
            Map<String, List<String>> h = new LinkedHashMap<>(r.headers());
            h.remove("Content-Type");
            assertEquals(rejected("missing-header:content-type"), verify(new SignableRequest("POST", r.target(), h, BODY), rsaKey()));
        }

        @Test
        void rfc9421PostWithoutContentDigestIsRejected() {
            SignableRequest r = RFC9421.sign(post(AID_INBOX, BODY), List.of("@method", "@target-uri", "content-type"), KEY_ID, RSA.getPrivate());
            assertEquals(rejected("missing-covered-component:content-digest"), verify(r, rsaKey()));
        }

        @Test
        void rfc9421WithoutMethodIsRejected() {
            SignableRequest r = RFC9421.sign(get("https://aid.example/g/eastside"), List.of("@target-uri"), KEY_ID, RSA.getPrivate());
            assertEquals(rejected("missing-covered-component:@method"), verify(r, rsaKey()));
        }

        @Test
        void rfc9421WithoutTargetUriOrAuthorityAndPathIsRejected() {
            SignableRequest r = RFC9421.sign(get("https://aid.example/g/eastside"), List.of("@method", "@path"), KEY_ID, RSA.getPrivate());
            assertEquals(rejected("missing-covered-component:@target-uri"), verify(r, rsaKey()));
        }

        @Test
        void rfc9421WithAuthorityAndPathInsteadOfTargetUriVerifies() {
            SignableRequest r = RFC9421.sign(get("https://aid.example/g/eastside"), List.of("@method", "@authority", "@path"), KEY_ID, RSA.getPrivate());
            assertEquals(new VerificationResult.Verified(KEY_ID, SignatureScheme.RFC9421), verify(r, rsaKey()));
        }

        @Test
        void rfc9421WithoutCreatedIsRejected() {
            SignableRequest r = rfc9421Post();
            String input = r.header("Signature-Input").orElseThrow().replaceAll(";created=[0-9]+", "");
            assertEquals(rejected("missing-parameter:created"), verify(r.withHeader("Signature-Input", input), rsaKey()));
        }

        @Test
        void rfc9421WithoutKeyidIsRejected() {
            SignableRequest r = rfc9421Post();
            String input = r.header("Signature-Input").orElseThrow().replaceAll(";keyid=\"[^\"]*\"", "");
            assertEquals(rejected("missing-parameter:keyid"), verify(r.withHeader("Signature-Input", input), rsaKey()));
        }

        @Test
        void rfc9421ComponentParametersAreRejected() {
            SignableRequest r = rfc9421Post();
            String input = r.header("Signature-Input").orElseThrow().replace("\"content-type\"", "\"content-type\";sf");
            assertEquals(rejected("unsupported-component-parameter"), verify(r.withHeader("Signature-Input", input), rsaKey()));
        }
    }

    @Nested
    class Row3DigestNotMatchingBody {
        @Test
        void cavageDigestOfAnotherBodyIsRejected() {
            SignableRequest r = cavagePost().withHeader("Digest", BodyDigests.digestHeader("{}".getBytes(StandardCharsets.UTF_8)));
            assertEquals(rejected("digest-mismatch"), verify(r, rsaKey()));
        }

        @Test
        void cavageValidSignatureWithTheBodyChangedIsRejected() {
            assertEquals(rejected("digest-mismatch"), verify(withBody(cavagePost(), "{\"hello\": \"mallory\"}"), rsaKey()));
        }

        @Test
        void cavageBodyChangedAndDigestRecomputedFailsTheSignature() {
            SignableRequest r = withBody(cavagePost(), "{\"evil\":1}");
            r = r.withHeader("Digest", BodyDigests.digestHeader(r.body()));
            assertEquals(rejected("bad-signature"), verify(r, rsaKey()));
        }

        @Test
        void cavageDigestOfferingOnlySha512IsRejected() {
            SignableRequest r = HandSigner.signOnly(cavagePost().withHeader("Digest", "SHA-512=AAAA"),
                "(request-target) host date digest content-type", "rsa-sha256", Map.of(), RSA.getPrivate());
            assertEquals(rejected("digest-unsupported-algorithm"), verify(r, rsaKey()));
        }

        @Test
        void rfc9421ContentDigestOfAnotherBodyIsRejected() {
            SignableRequest r = rfc9421Post().withHeader("Content-Digest", BodyDigests.contentDigestHeader(new byte[0]));
            assertEquals(rejected("digest-mismatch"), verify(r, rsaKey()));
        }

        @Test
        void rfc9421ValidSignatureWithTheBodyChangedIsRejected() {
            assertEquals(rejected("digest-mismatch"), verify(withBody(rfc9421Post(), "{\"hello\": \"mallory\"}"), rsaKey()));
        }

        @Test
        void rfc9421BodyChangedAndContentDigestRecomputedFailsTheSignature() {
            SignableRequest r = withBody(rfc9421Post(), "{\"evil\":1}");
            r = r.withHeader("Content-Digest", BodyDigests.contentDigestHeader(r.body()));
            assertEquals(rejected("bad-signature"), verify(r, rsaKey()));
        }

        @Test
        void rfc9421ContentDigestThatIsNotAStructuredDictionaryIsRejected() {
            SignableRequest r = RFC9421.sign(post(AID_INBOX, BODY).withHeader("Content-Digest", "SHA-256=" + "x".repeat(10)),
                List.of("@method", "@target-uri", "content-digest"), KEY_ID, RSA.getPrivate());
            assertEquals(rejected("malformed-content-digest"), verify(r, rsaKey()));
        }
    }

    @Nested
    class Row4AnotherHost {
        @Test
        void cavageSignatureForAnotherHostReplayedHereIsRejected() {
            SignableRequest forOther = CAVAGE.signPost(post("https://other.example/g/eastside/inbox", BODY), KEY_ID, RSA.getPrivate());
            assertEquals(rejected("host-mismatch"), verify(receivedAt(forOther, AID_INBOX), rsaKey()));
        }

        @Test
        void cavageSignatureForAnotherHostWithHostRewrittenFailsTheSignature() {
            SignableRequest forOther = CAVAGE.signPost(post("https://other.example/g/eastside/inbox", BODY), KEY_ID, RSA.getPrivate());
            SignableRequest replayed = receivedAt(forOther, AID_INBOX).withHeader("Host", "aid.example");
            assertEquals(rejected("bad-signature"), verify(replayed, rsaKey()));
        }

        @Test
        void cavageHostWithUppercaseTrailingDotAndDefaultPortStillMatches() {
            SignableRequest r = HandSigner.signOnly(cavagePost().withHeader("Host", "AID.example.:443"),
                "(request-target) host date digest content-type", "rsa-sha256", Map.of(), RSA.getPrivate());
            assertEquals(new VerificationResult.Verified(KEY_ID, SignatureScheme.CAVAGE), verify(r, rsaKey()));
        }

        @Test
        void cavagePrefixDomainHostIsAnotherHost() {
            SignableRequest r = HandSigner.signOnly(cavagePost().withHeader("Host", "aid.example.evil.example"),
                "(request-target) host date digest content-type", "rsa-sha256", Map.of(), RSA.getPrivate());
            assertEquals(rejected("host-mismatch"), verify(r, rsaKey()));
        }

        @Test
        void rfc9421SignatureForAnotherTargetFailsTheSignature() {
            SignableRequest forOther = RFC9421.signPost(post("https://other.example/g/eastside/inbox", BODY), KEY_ID, RSA.getPrivate());
            assertEquals(rejected("bad-signature"), verify(receivedAt(forOther, AID_INBOX), rsaKey()));
        }

        @Test
        void signatureForAnotherPathFailsTheSignature() {
            SignableRequest forOther = CAVAGE.signPost(post("https://aid.example/u/alice/inbox", BODY), KEY_ID, RSA.getPrivate());
            assertEquals(rejected("bad-signature"), verify(receivedAt(forOther, AID_INBOX), rsaKey()));
        }
    }

    @Nested
    class Row5TimeWindow {
        @Test
        void cavageDateMoreThanAnHourAheadIsRejected() {
            assertEquals(rejected("future"), verifyAt(later(Duration.ofMinutes(-61)), cavagePost(), rsaKey()));
        }

        @Test
        void cavageDateWithinAnHourAheadIsAccepted() {
            assertEquals(new VerificationResult.Verified(KEY_ID, SignatureScheme.CAVAGE),
                verifyAt(later(Duration.ofMinutes(-59)), cavagePost(), rsaKey()));
        }

        @Test
        void cavageDatePastFiveMinutesPlusAnHourOfSkewIsExpired() {
            assertEquals(rejected("expired"), verifyAt(later(Duration.ofMinutes(65).plusSeconds(1)), cavagePost(), rsaKey()));
        }

        @Test
        void cavageDateWithinFiveMinutesPlusSkewIsAccepted() {
            assertEquals(new VerificationResult.Verified(KEY_ID, SignatureScheme.CAVAGE),
                verifyAt(later(Duration.ofMinutes(65)), cavagePost(), rsaKey()));
        }

        @Test
        void hs2019ExpiresBeyondTwelveHoursIsCappedAtTwelve() {
            long created = NOW.getEpochSecond();
            SignableRequest r = HandSigner.cavage(post(AID_INBOX, BODY), "(request-target) (created) (expires) host digest", "hs2019",
                Map.of("created", Long.toString(created), "expires", Long.toString(created + 48 * 3600)), RSA.getPrivate());
            assertEquals(new VerificationResult.Verified(KEY_ID, SignatureScheme.CAVAGE), verifyAt(later(Duration.ofHours(13)), r, rsaKey()));
            assertEquals(rejected("expired"), verifyAt(later(Duration.ofHours(13).plusSeconds(1)), r, rsaKey()));
        }

        @Test
        void hs2019CreatedAnHourAheadIsRejected() {
            long created = NOW.getEpochSecond() + 3601;
            SignableRequest r = HandSigner.cavage(post(AID_INBOX, BODY), "(request-target) (created) host digest", "hs2019",
                Map.of("created", Long.toString(created)), RSA.getPrivate());
            assertEquals(rejected("future"), verify(r, rsaKey()));
        }

        @Test
        void unparsableDateIsRejected() {
            SignableRequest r = HandSigner.signOnly(cavagePost().withHeader("Date", "yesterday"),
                "(request-target) host date digest content-type", "rsa-sha256", Map.of(), RSA.getPrivate());
            assertEquals(rejected("malformed-date"), verify(r, rsaKey()));
        }

        @Test
        void rfc9421CreatedMoreThanAnHourAheadIsRejected() {
            SignableRequest r = new Rfc9421Signer(later(Duration.ofMinutes(61))).signPost(post(AID_INBOX, BODY), KEY_ID, RSA.getPrivate());
            assertEquals(rejected("future"), verify(r, rsaKey()));
        }

        @Test
        void rfc9421PastDefaultValidityPlusSkewIsRejected() {
            assertEquals(rejected("expired"), verifyAt(later(Duration.ofMinutes(65).plusSeconds(1)), rfc9421Post(), rsaKey()));
        }

        @Test
        void rfc9421PastItsOwnExpiresPlusSkewIsRejectedBeforeTheSignatureIsTried() {
            // expires = created + 60 s; the time window is checked before the (here tampered) signature
            String input = rfc9421Post().header("Signature-Input").orElseThrow() + ";expires=" + (NOW.getEpochSecond() + 60);
            assertEquals(rejected("expired"),
                verifyAt(later(Duration.ofMinutes(61).plusSeconds(1)), rfc9421Post().withHeader("Signature-Input", input), rsaKey()));
        }
    }

    @Nested
    class Row6Algorithms {
        @Test
        void cavageHmacSha256IsRejected() {
            SignableRequest r = HandSigner.cavage(post(AID_INBOX, BODY), "(request-target) host date digest content-type",
                "hmac-sha256", Map.of(), RSA.getPrivate());
            assertEquals(rejected("bad-algorithm"), verify(r, rsaKey()));
        }

        @Test
        void cavageRsaSha512IsRejected() {
            SignableRequest r = HandSigner.cavage(post(AID_INBOX, BODY), "(request-target) host date digest",
                "rsa-sha512", Map.of(), RSA.getPrivate());
            assertEquals(rejected("bad-algorithm"), verify(r, rsaKey()));
        }

        @Test
        void cavageCreatedPseudoHeaderWithRsaSha256IsRejected() {
            SignableRequest r = HandSigner.cavage(post(AID_INBOX, BODY), "(request-target) (created) host digest", "rsa-sha256",
                Map.of("created", Long.toString(NOW.getEpochSecond())), RSA.getPrivate());
            assertEquals(rejected("bad-algorithm"), verify(r, rsaKey()));
        }

        @Test
        void cavageAbsentAlgorithmMeansHs2019AndVerifies() {
            SignableRequest r = HandSigner.cavage(post(AID_INBOX, BODY), "(request-target) host date digest", null, Map.of(), RSA.getPrivate());
            assertEquals(new VerificationResult.Verified(KEY_ID, SignatureScheme.CAVAGE), verify(r, rsaKey()));
        }

        @Test
        void cavageRsaSha256ClaimWithAnEd25519KeyIsRejected() {
            SignableRequest r = HandSigner.cavage(post(AID_INBOX, BODY), "(request-target) host date digest", "rsa-sha256",
                Map.of(), ED25519.getPrivate());
            assertEquals(rejected("key-type-mismatch"), verify(r, only(KEY_ID, ED25519.getPublic())));
        }

        @Test
        void rfc9421HmacSha256IsRejected() {
            SignableRequest r = rfc9421Post();
            String input = r.header("Signature-Input").orElseThrow().replace("rsa-v1_5-sha256", "hmac-sha256");
            assertEquals(rejected("bad-algorithm"), verify(r.withHeader("Signature-Input", input), rsaKey()));
        }

        @Test
        void rfc9421RsaPssIsRejected() {
            SignableRequest r = rfc9421Post();
            String input = r.header("Signature-Input").orElseThrow().replace("rsa-v1_5-sha256", "rsa-pss-sha512");
            assertEquals(rejected("bad-algorithm"), verify(r.withHeader("Signature-Input", input), rsaKey()));
        }

        @Test
        void rfc9421Ed25519ClaimWithAnRsaKeyIsRejected() {
            SignableRequest r = RFC9421.signPost(post(AID_INBOX, BODY), KEY_ID, ED25519.getPrivate());
            assertEquals(rejected("key-type-mismatch"), verify(r, rsaKey()));
        }

        @Test
        void rfc9421WithoutAlgLetsTheKeyTypeDecide() {
            SignableRequest r = rfc9421Post();
            String input = r.header("Signature-Input").orElseThrow().replace(";alg=\"rsa-v1_5-sha256\"", "");
            // alg is part of the signed parameters, so removing it breaks the signature (it does not bypass anything)
            assertEquals(rejected("bad-signature"), verify(r.withHeader("Signature-Input", input), rsaKey()));
        }
    }

    @Nested
    class Row16LinkedDataSignatures {
        private final String ldSigned = "{\"type\":\"Create\",\"actor\":\"https://masto.example/users/alice\","
            + "\"signature\":{\"type\":\"RsaSignature2017\",\"creator\":\"https://masto.example/users/alice#main-key\","
            + "\"signatureValue\":\"AAAA\"}}";

        @Test
        void ldSignedActivityWithoutHttpSignatureIsUnsigned() {
            assertEquals(rejected("unsigned"), verify(post(AID_INBOX, ldSigned.getBytes(StandardCharsets.UTF_8)), rsaKey()));
        }

        @Test
        void restructuredLdSignedActivityUnderAnHttpSignatureOfTheOriginalIsRejected() {
            SignableRequest signed = CAVAGE.signPost(post(AID_INBOX, ldSigned.getBytes(StandardCharsets.UTF_8)), KEY_ID, RSA.getPrivate());
            String restructured = "{\"actor\":\"https://masto.example/users/alice\",\"type\":\"Create\","
                + "\"signature\":{\"type\":\"RsaSignature2017\",\"creator\":\"https://masto.example/users/alice#main-key\","
                + "\"signatureValue\":\"AAAA\"}}";
            assertEquals(rejected("digest-mismatch"), verify(withBody(signed, restructured), rsaKey()));
        }
    }
}
