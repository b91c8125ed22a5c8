package org.mutua.federation.keys;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/**
 * Bitcoin-alphabet base58, as multibase prefix {@code z} uses (draft-msporny-base58). Small and allocation-happy:
 * it only ever encodes 34-byte Multikey values.
 */
public final class Base58Btc {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);

    private Base58Btc() {
    }

    public static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        BigInteger n = new BigInteger(1, bytes);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(BASE);
            out.append(ALPHABET.charAt(qr[1].intValue()));
            n = qr[0];
        }
        // Each leading zero byte is written as a leading '1'.
        for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
            out.append('1');
        }
        return out.reverse().toString();
    }

    /** @throws IllegalArgumentException on a character outside the alphabet (0, O, I, l, anything non-ASCII) */
    public static byte[] decode(String text) {
        BigInteger n = BigInteger.ZERO;
        for (int i = 0; i < text.length(); i++) {
            int digit = ALPHABET.indexOf(text.charAt(i));
            if (digit < 0) {
                throw new IllegalArgumentException("not base58btc: character " + i + " is outside the alphabet");
            }
            n = n.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = n.signum() == 0 ? new byte[0] : n.toByteArray();
        int skip = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0; // BigInteger's sign byte
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length() && text.charAt(i) == '1'; i++) {
            out.write(0);
        }
        out.write(magnitude, skip, magnitude.length - skip);
        return out.toByteArray();
    }
}
