package org.mutua.federation.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;

/**
 * Makes a fresh {@link ActorKeys}. RSA-2048 generation takes tens to hundreds of milliseconds of CPU, so callers on
 * Vert.x MUST run {@link #generate()} off the event loop ({@code vertx.executeBlocking(keys::generate)}); this class
 * is plain synchronous Java on purpose.
 */
public final class ActorKeyGenerator {
    private final SecureRandom random;

    public ActorKeyGenerator() {
        this(new SecureRandom());
    }

    public ActorKeyGenerator(SecureRandom random) {
        this.random = random;
    }

    public ActorKeys generate() {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048, random);
            KeyPair rsaPair = rsa.generateKeyPair();
            KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
            ed.initialize(255, random);
            KeyPair edPair = ed.generateKeyPair();
            return new ActorKeys(PemKeys.publicKeyPem(rsaPair.getPublic()), PemKeys.privateKeyPem(rsaPair.getPrivate()),
                PemKeys.publicKeyPem(edPair.getPublic()), PemKeys.privateKeyPem(edPair.getPrivate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK 17 provides RSA and Ed25519; this JVM does not", e);
        }
    }
}
