package org.mutua.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One normal form for every host comparison (FEDERATION.md 6 row 14). */
class AuthorityTest {
    @Test
    void caseTrailingDotAndDefaultPortsDoNotMakeAnotherHost() {
        assertEquals(Optional.of("masto.example"), Authority.of("https://Masto.Example./users/a", false));
        assertEquals(Optional.of("masto.example"), Authority.of("https://masto.example:443/inbox", false));
        assertEquals(Optional.of("masto.example:8443"), Authority.of("https://masto.example:8443/inbox", false));
        assertEquals(Optional.of("127.0.0.1:3000"), Authority.of("http://127.0.0.1:3000/inbox", true));
    }

    @Test
    void internationalNamesBecomeAscii() {
        assertEquals(Optional.of("xn--bcher-kva.example"), Authority.of("https://bücher.example/users/a", false));
    }

    @Test
    void hostTricksHaveNoNormalForm() {
        assertEquals(Optional.empty(), Authority.of("https://user@masto.example/users/a", false), "user info");
        assertEquals(Optional.empty(), Authority.of("https://masto..example/", false));
        assertEquals(Optional.empty(), Authority.of("http://masto.example/", false), "http outside development");
        assertEquals(Optional.empty(), Authority.of("gopher://masto.example/", true));
        assertEquals(Optional.empty(), Authority.of("/relative/only", true));
        assertEquals(Optional.empty(), Authority.of("https://" + "a".repeat(3000), false));
    }

    @Test
    void hostOnlyDropsThePort() {
        assertEquals("masto.example", Authority.hostOnly("masto.example:8443"));
        assertEquals("[::1]", Authority.hostOnly("[::1]:80"));
    }
}
