package org.mutua.federation.signatures;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** The two signature primitives federation uses: RSASSA-PKCS1-v1_5 with SHA-256, and Ed25519 (RFC 9421 §3.3.2, §3.3.6). */
final class SignatureAlgorithms {
    private SignatureAlgorithms() {
    }

    enum KeyType { RSA, ED25519, OTHER }

    static KeyType typeOf(Key key) {
        String alg = key.getAlgorithm();
        if ("RSA".equalsIgnoreCase(alg)) {
            return KeyType.RSA;
        }
        if ("Ed25519".equalsIgnoreCase(alg) || "EdDSA".equalsIgnoreCase(alg)) {
            return KeyType.ED25519;
        }
        return KeyType.OTHER;
    }

    static byte[] sign(PrivateKey key, String signatureBase) {
        try {
            KeyType type = typeOf(key);
            Signature s = type == KeyType.RSA ? RsaProvider.sha256WithRsa() : Signature.getInstance(jcaName(type));
            s.initSign(key);
            s.update(signatureBase.getBytes(StandardCharsets.US_ASCII));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key", e);
        }
    }

    /** False for any failure, including malformed signatures and unusable keys. */
    static boolean verify(PublicKey key, String signatureBase, byte[] signature) {
        KeyType type = typeOf(key);
        if (type == KeyType.OTHER) {
            return false;
        }
        try {
            Signature s = type == KeyType.RSA ? RsaProvider.sha256WithRsa() : Signature.getInstance(jcaName(type));
            s.initVerify(key);
            s.update(signatureBase.getBytes(StandardCharsets.US_ASCII));
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String jcaName(KeyType type) {
        return switch (type) {
            case RSA -> "SHA256withRSA";
            case ED25519 -> "Ed25519";
            case OTHER -> throw new IllegalArgumentException("only RSA and Ed25519 keys are supported");
        };
    }
}
