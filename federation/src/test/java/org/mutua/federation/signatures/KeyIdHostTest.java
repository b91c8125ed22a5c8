package org.mutua.federation.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.mutua.federation.signatures.Fixtures.*;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** FEDERATION.md §6 row 14: host tricks in keyIds. Comparisons are exact on normalised hosts. */
class KeyIdHostTest {
    @Test
    void plainHttpsKeyIdGivesItsHost() {
        assertEquals(Optional.of("masto.example"), KeyIdHost.of("https://masto.example/users/alice#main-key"));
    }

    @Test
    void uppercaseHostIsLowercased() {
        assertEquals(Optional.of("masto.example"), KeyIdHost.of("https://MASTO.Example/users/alice#main-key"));
    }

    @Test
    void oneTrailingDotIsRemoved() {
        assertEquals(Optional.of("masto.example"), KeyIdHost.of("https://masto.example./users/alice#main-key"));
    }

    @Test
    void twoTrailingDotsAreRejected() {
        assertEquals(Optional.empty(), KeyIdHost.of("https://masto.example../users/alice#main-key"));
    }

    @Test
    void userinfoIsRejected() {
        assertEquals(Optional.empty(), KeyIdHost.of("https://masto.example@evil.example/users/alice#main-key"));
        assertEquals(Optional.empty(), KeyIdHost.of("https://user:pass@masto.example/users/alice#main-key"));
    }

    @Test
    void prefixDomainIsADifferentHost() {
        assertEquals(Optional.of("masto.example.evil.example"), KeyIdHost.of("https://masto.example.evil.example/users/alice"));
        assertNotEquals(KeyIdHost.of("https://masto.example/users/alice"), KeyIdHost.of("https://masto.example.evil.example/users/alice"));
    }

    @Test
    void httpIsRejectedUnlessAllowed() {
        assertEquals(Optional.empty(), KeyIdHost.of("http://masto.example/users/alice#main-key"));
        assertEquals(Optional.of("localhost"), KeyIdHost.of("http://localhost:8080/users/alice#main-key", true));
    }

    @Test
    void otherSchemesAreRejectedEvenWhenHttpIsAllowed() {
        assertEquals(Optional.empty(), KeyIdHost.of("ftp://masto.example/key", true));
        assertEquals(Optional.empty(), KeyIdHost.of("file:///etc/passwd", true));
        assertEquals(Optional.empty(), KeyIdHost.of("acct:alice@masto.example", true));
    }

    @Test
    void garbageAndOversizedKeyIdsAreRejected() {
        assertEquals(Optional.empty(), KeyIdHost.of(null));
        assertEquals(Optional.empty(), KeyIdHost.of(""));
        assertEquals(Optional.empty(), KeyIdHost.of("not a url"));
        assertEquals(Optional.empty(), KeyIdHost.of("/users/alice#main-key"));
        assertEquals(Optional.empty(), KeyIdHost.of("https://masto%2Eexample/key"));
        assertEquals(Optional.empty(), KeyIdHost.of("https://masto.example/" + "a".repeat(3000)));
    }

    @Test
    void portIsNotPartOfTheHost() {
        assertEquals(Optional.of("masto.example"), KeyIdHost.of("https://masto.example:8443/users/alice#main-key"));
    }

    @Test
    void verificationDoesNotJudgeTheKeyIdHostThatIsTheCallersJob() {
        String foreignKeyId = "https://EVIL.example./users/mallory#main-key";
        SignableRequest r = new CavageSigner(CLOCK).signPost(post("https://aid.example/inbox", BODY), foreignKeyId, RSA.getPrivate());

        assertEquals(new VerificationResult.Verified(foreignKeyId, SignatureScheme.CAVAGE), verify(r, only(foreignKeyId, RSA.getPublic())));
        assertEquals(Optional.of("evil.example"), HttpSignatures.keyIdOf(r).flatMap(KeyIdHost::of));
    }
}
