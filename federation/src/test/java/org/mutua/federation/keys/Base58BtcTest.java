package org.mutua.federation.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Base58BtcTest {
    // Vectors from draft-msporny-base58 section 5.
    @Test
    void encodesTheDraftVectors() {
        assertEquals("2NEpo7TZRRrLZSi2U", Base58Btc.encode("Hello World!".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z",
            Base58Btc.encode("The quick brown fox jumps over the lazy dog.".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("11233QC4", Base58Btc.encode(new byte[] {0, 0, 0x28, 0x7f, (byte) 0xb4, (byte) 0xcd}));
    }

    @Test
    void decodesWhatItEncodesIncludingLeadingZeros() {
        byte[] bytes = {0, 0, 0x28, 0x7f, (byte) 0xb4, (byte) 0xcd};
        assertArrayEquals(bytes, Base58Btc.decode("11233QC4"));
        assertArrayEquals(new byte[0], Base58Btc.decode(""));
        assertArrayEquals(new byte[] {(byte) 0xff}, Base58Btc.decode(Base58Btc.encode(new byte[] {(byte) 0xff})));
    }

    @Test
    void lookalikeCharactersAreRejected() {
        for (String bad : new String[] {"0", "O", "I", "l", "+", "２"}) {
            assertThrows(IllegalArgumentException.class, () -> Base58Btc.decode("abc" + bad));
        }
    }
}
