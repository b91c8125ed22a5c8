package org.mutua.federation.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.mutua.federation.keys.PemKeys;

class RsaProviderTest {
    private static final String BASE = "(request-target): post /users/ana/inbox\nhost: remote.example\ndate: Mon, 23 Nov 2026 21:00:00 GMT";

    @Test
    void onX8664LinuxSignaturesRunInAwsLc() {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux") && "amd64".equals(System.getProperty("os.arch")));
        assertTrue(RsaProvider.isNative(), "the native provider loads on x86-64 Linux (CI and the Dockerfile's image)");
    }

    @Test
    void aKeyParsedFromPemSignsWhatTheJdkVerifies() throws Exception {
        KeyPair pair = rsaPair();
        PrivateKey parsed = PemKeys.parsePrivateKey(PemKeys.privateKeyPem(pair.getPrivate()), "RSA");

        byte[] signature = SignatureAlgorithms.sign(parsed, BASE);

        assertTrue(SignatureAlgorithms.verify(pair.getPublic(), BASE, signature));
        assertFalse(SignatureAlgorithms.verify(pair.getPublic(), BASE + "x", signature));
    }

    @Test
    void nativeAndJdkSignaturesAreTheSameBytes() throws Exception {
        // RSASSA-PKCS1-v1_5 is deterministic: both providers must give byte-identical signatures for one key and input
        KeyPair pair = rsaPair();
        PrivateKey parsed = PemKeys.parsePrivateKey(PemKeys.privateKeyPem(pair.getPrivate()), "RSA");
        java.security.Signature jdk = java.security.Signature.getInstance("SHA256withRSA", "SunRsaSign");
        jdk.initSign(pair.getPrivate());
        jdk.update(BASE.getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        assertEquals(Base64.getEncoder().encodeToString(jdk.sign()),
            Base64.getEncoder().encodeToString(SignatureAlgorithms.sign(parsed, BASE)));
    }

    @Test
    void aPublicKeyParsedFromPemVerifiesWhatTheJdkSigned() throws Exception {
        KeyPair pair = rsaPair();
        java.security.PublicKey parsed = PemKeys.parsePublicKey(PemKeys.publicKeyPem(pair.getPublic()), "RSA");
        java.security.Signature jdk = java.security.Signature.getInstance("SHA256withRSA", "SunRsaSign");
        jdk.initSign(pair.getPrivate());
        jdk.update(BASE.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] signature = jdk.sign();

        assertTrue(SignatureAlgorithms.verify(parsed, BASE, signature));
        assertFalse(SignatureAlgorithms.verify(parsed, BASE.replace("ana", "bea"), signature));
        signature[10] ^= 1;
        assertFalse(SignatureAlgorithms.verify(parsed, BASE, signature));
        assertFalse(SignatureAlgorithms.verify(parsed, BASE, new byte[3]), "a truncated signature is a failure, not an error");
    }

    @Test
    void aJdkKeyObjectStillSigns() throws Exception {
        KeyPair pair = rsaPair();
        assertTrue(SignatureAlgorithms.verify(pair.getPublic(), BASE, SignatureAlgorithms.sign(pair.getPrivate(), BASE)));
    }

    private static KeyPair rsaPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }
}
