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
 * "PRIVATE KEY". Parsing tolerates the line-break styles peers use (Mastodon fixtures have been seen with spaces).
 */
public final class PemKeys {
    private static final String PUBLIC = "PUBLIC KEY";
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
            return factory(algorithm).generatePublic(new X509EncodedKeySpec(der(pem, PUBLIC)));
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
