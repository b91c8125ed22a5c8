package org.mutua.federation.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * FEP-521a {@code publicKeyMultibase} for Ed25519: {@code "z"} + base58btc(0xed 0x01 || 32 raw key bytes). The
 * 0xed01 prefix is the multicodec varint for ed25519-pub.
 */
public final class Multikey {
    private static final byte[] ED25519_MULTICODEC = {(byte) 0xed, 0x01};
    // DER SubjectPublicKeyInfo header for Ed25519 (RFC 8410); the raw key follows it.
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private Multikey() {
    }

    public static String ed25519PublicKeyMultibase(PublicKey ed25519) {
        byte[] raw = rawEd25519(ed25519);
        byte[] prefixed = new byte[34];
        System.arraycopy(ED25519_MULTICODEC, 0, prefixed, 0, 2);
        System.arraycopy(raw, 0, prefixed, 2, 32);
        return "z" + Base58Btc.encode(prefixed);
    }

    /** @throws IllegalArgumentException unless the value is a z-prefixed Ed25519 multikey of exactly 32 key bytes */
    public static PublicKey parseEd25519(String publicKeyMultibase) {
        if (publicKeyMultibase == null || !publicKeyMultibase.startsWith("z") || publicKeyMultibase.length() > 64) {
            throw new IllegalArgumentException("publicKeyMultibase must be base58btc ('z' prefix)");
        }
        byte[] decoded = Base58Btc.decode(publicKeyMultibase.substring(1));
        if (decoded.length != 34 || decoded[0] != ED25519_MULTICODEC[0] || decoded[1] != ED25519_MULTICODEC[1]) {
            throw new IllegalArgumentException("publicKeyMultibase is not an Ed25519 key (expected 0xed01 + 32 bytes)");
        }
        byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + 32);
        System.arraycopy(decoded, 2, spki, ED25519_SPKI_PREFIX.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid Ed25519 key", e);
        }
    }

    static byte[] rawEd25519(PublicKey ed25519) {
        byte[] spki = ed25519.getEncoded();
        if (!"X.509".equals(ed25519.getFormat()) || spki.length != ED25519_SPKI_PREFIX.length + 32
            || !Arrays.equals(spki, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0, ED25519_SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX.length, spki.length);
    }
}
