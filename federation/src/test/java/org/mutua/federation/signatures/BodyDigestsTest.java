package org.mutua.federation.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BodyDigestsTest {
    private static final byte[] HELLO = "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8);
    private static final String HELLO_SHA256 = "X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE="; // RFC 9530 §B, FEDERATION.md §2

    @Test
    void headersUseTheKnownSha256OfHelloWorld() {
        assertEquals("SHA-256=" + HELLO_SHA256, BodyDigests.digestHeader(HELLO));
        assertEquals("sha-256=:" + HELLO_SHA256 + ":", BodyDigests.contentDigestHeader(HELLO));
    }

    @Test
    void digestAlgorithmNameIsCaseInsensitiveAndOtherEntriesAreIgnored() {
        assertEquals(Optional.empty(), BodyDigests.checkDigest("SHA-512=AAAA, sha-256=" + HELLO_SHA256, HELLO));
    }

    @Test
    void digestOfferingOnlyOtherAlgorithmsIsRejected() {
        assertEquals(Optional.of("digest-unsupported-algorithm"), BodyDigests.checkDigest("SHA-512=AAAA, MD5=AAAA", HELLO));
        assertEquals(Optional.of("digest-unsupported-algorithm"), BodyDigests.checkContentDigest("sha-512=:AAAA:", HELLO));
    }

    @Test
    void wrongOrGarbageDigestIsAMismatch() {
        assertEquals(Optional.of("digest-mismatch"), BodyDigests.checkDigest("SHA-256=" + HELLO_SHA256, new byte[0]));
        assertEquals(Optional.of("digest-mismatch"), BodyDigests.checkDigest("SHA-256=###", HELLO));
        assertEquals(Optional.of("digest-mismatch"), BodyDigests.checkContentDigest("sha-256=:AAAA:", HELLO));
    }

    @Test
    void contentDigestWithOtherAlgorithmsAlongsideSha256Verifies() {
        assertEquals(Optional.empty(), BodyDigests.checkContentDigest("sha-512=:AAAA:, sha-256=:" + HELLO_SHA256 + ":", HELLO));
    }

    @Test
    void contentDigestWhoseSha256IsNotAByteSequenceIsMalformed() {
        assertEquals(Optional.of("malformed-content-digest"), BodyDigests.checkContentDigest("sha-256=\"" + HELLO_SHA256 + "\"", HELLO));
        assertEquals(Optional.of("malformed-content-digest"), BodyDigests.checkContentDigest("SHA-256=:" + HELLO_SHA256 + ":", HELLO));
    }

    @Test
    void oversizedDigestHeadersAreRejected() {
        assertEquals(Optional.of("header-too-large"), BodyDigests.checkDigest("a=" + "b".repeat(2000), HELLO));
        assertEquals(Optional.of("header-too-large"), BodyDigests.checkContentDigest("a=:" + "b".repeat(2000) + ":", HELLO));
    }

    @Test
    void absentBodyDigestsLikeAnEmptyOne() {
        assertEquals(BodyDigests.digestHeader(new byte[0]), BodyDigests.digestHeader(null));
    }
}
