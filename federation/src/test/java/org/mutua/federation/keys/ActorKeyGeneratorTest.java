package org.mutua.federation.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ActorKeyGeneratorTest {
    private static ActorKeys keys;

    @BeforeAll
    static void generateOnce() {
        keys = new ActorKeyGenerator().generate();
    }

    @Test
    void rsaKeyIsTwoThousandFortyEightBitsInSpkiPem() {
        assertTrue(keys.rsaPublicPem().startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertTrue(keys.rsaPublicPem().endsWith("-----END PUBLIC KEY-----\n"));
        assertTrue(keys.rsaPrivatePem().startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertEquals(2048, ((RSAPublicKey) keys.rsaPublicKey()).getModulus().bitLength());
    }

    @Test
    void parsedKeysSignAndVerify() throws Exception {
        byte[] data = "(request-target): post /inbox".getBytes(StandardCharsets.UTF_8);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(keys.rsaPrivateKey());
        rsa.update(data);
        byte[] rsaSig = rsa.sign();
        rsa.initVerify(PemKeys.parsePublicKey(keys.rsaPublicPem(), "RSA"));
        rsa.update(data);
        assertTrue(rsa.verify(rsaSig));

        Signature ed = Signature.getInstance("Ed25519");
        ed.initSign(keys.ed25519PrivateKey());
        ed.update(data);
        byte[] edSig = ed.sign();
        ed.initVerify(Multikey.parseEd25519(keys.ed25519Multibase()));
        ed.update(data);
        assertTrue(ed.verify(edSig));
    }

    @Test
    void privateKeysNeverAppearInToString() {
        String text = keys.toString();
        assertFalse(text.contains("PRIVATE"));
        assertFalse(text.contains(body(keys.rsaPrivatePem()).substring(0, 40)));
        assertFalse(text.contains(body(keys.ed25519PrivatePem())));
        assertTrue(text.contains(keys.ed25519Multibase()));
    }

    @Test
    void pemWithSpacesInsteadOfNewlinesStillParses() {
        // Seen in the wild (activitypub.academy fixture in Fedify): line breaks replaced by spaces.
        String spaced = keys.rsaPublicPem().replace('\n', ' ');
        assertEquals(keys.rsaPublicKey(), PemKeys.parsePublicKey(spaced, "RSA"));
    }

    @Test
    void aPrivateKeyOfferedAsPublicIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> PemKeys.parsePublicKey(keys.rsaPrivatePem(), "RSA"));
        assertThrows(IllegalArgumentException.class, () -> PemKeys.parsePublicKey("-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----", "RSA"));
        assertThrows(IllegalArgumentException.class, () -> PemKeys.parsePublicKey("x".repeat(20_000), "RSA"));
        assertThrows(IllegalArgumentException.class, () -> PemKeys.parsePublicKey(keys.ed25519PublicPem(), "RSA"));
    }

    private static String body(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replace("\n", "");
    }

    @Test
    void base64BodyIsValid() {
        Base64.getDecoder().decode(body(keys.rsaPublicPem()));
    }
}
