package org.mutua.federation.keys;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.mutua.federation.signatures.RsaProvider;

/**
 * PEM text for keys: SPKI "PUBLIC KEY" (what Mastodon and GtS publish as {@code publicKeyPem}) and PKCS#8
 * "PRIVATE KEY". Parsing tolerates the line-break styles peers use (Mastodon fixtures have been seen with spaces), and
 * reads PKCS#1 "RSA PUBLIC KEY", which Mobilizon publishes (Elixir's {@code :public_key.pem_entry_encode(:RSAPublicKey, …)}).
 */
public final class PemKeys {
    private static final String PUBLIC = "PUBLIC KEY";
    private static final String RSA_PUBLIC = "RSA PUBLIC KEY";
    /** DER of the SPKI AlgorithmIdentifier for rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
        0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final String PRIVATE = "PRIVATE KEY";
    private static final int MAX_PEM_CHARS = 16 * 1024;

    private PemKeys() {
    }

    public static String publicKeyPem(PublicKey key) {
        return pem(PUBLIC, key);
    }

    public static String privateKeyPem(PrivateKey key) {
        return pem(PRIVATE, key);
    }

    /** @param algorithm "RSA" or "Ed25519" */
    public static PublicKey parsePublicKey(String pem, String algorithm) {
        try {
            byte[] spki = "RSA".equalsIgnoreCase(algorithm) && pem != null && pem.contains("-----BEGIN " + RSA_PUBLIC + "-----")
                ? spkiOfPkcs1(der(pem, RSA_PUBLIC)) : der(pem, PUBLIC);
            return factory(algorithm).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a " + algorithm + " public key", e);
        }
    }

    /** @param algorithm "RSA" or "Ed25519" */
    public static PrivateKey parsePrivateKey(String pem, String algorithm) {
        try {
            return factory(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der(pem, PRIVATE)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a " + algorithm + " private key", e);
        }
    }

    /** RSA keys from the provider that signs and verifies with them (see {@link RsaProvider#keyFactory()}). */
    private static KeyFactory factory(String algorithm) throws GeneralSecurityException {
        return "RSA".equalsIgnoreCase(algorithm) ? RsaProvider.keyFactory() : KeyFactory.getInstance(algorithm);
    }

    /** SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier, BIT STRING (no unused bits) holding the PKCS#1 key }. */
    private static byte[] spkiOfPkcs1(byte[] pkcs1) {
        byte[] bitString = concat(new byte[] {0x03}, length(pkcs1.length + 1), new byte[] {0x00}, pkcs1);
        return concat(new byte[] {0x30}, length(RSA_ALGORITHM.length + bitString.length), RSA_ALGORITHM, bitString);
    }

    /** A DER length: short form below 128, else 0x8n followed by n big-endian bytes. */
    private static byte[] length(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        }
        int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : 3;
        byte[] out = new byte[bytes + 1];
        out[0] = (byte) (0x80 | bytes);
        for (int i = 0; i < bytes; i++) {
            out[bytes - i] = (byte) (n >>> (8 * i));
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] p : parts) {
            size += p.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static String pem(String label, Key key) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] der(String pem, String label) {
        if (pem == null || pem.length() > MAX_PEM_CHARS) {
            throw new IllegalArgumentException("PEM missing or too long");
        }
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("expected a PEM block '" + begin + "'");
        }
        String base64 = pem.substring(from + begin.length(), to).replaceAll("\\s+", "");
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM body is not base64", e);
        }
    }
}
