package org.mutua.federation.keys;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;

/**
 * One actor's key material as stored text: an RSA-2048 pair for HTTP signatures ({@code #main-key}) and an Ed25519
 * pair for FEP-521a/FEP-8b32 ({@code #ed25519-key}). Private PEMs are never part of {@link #toString()}, so the
 * object can be logged by accident without leaking them.
 */
public final class ActorKeys {
    private final String rsaPublicPem;
    private final String rsaPrivatePem;
    private final String ed25519PublicPem;
    private final String ed25519PrivatePem;
    private final String ed25519Multibase;

    public ActorKeys(String rsaPublicPem, String rsaPrivatePem, String ed25519PublicPem, String ed25519PrivatePem) {
        this.rsaPublicPem = Objects.requireNonNull(rsaPublicPem, "rsaPublicPem");
        this.rsaPrivatePem = Objects.requireNonNull(rsaPrivatePem, "rsaPrivatePem");
        this.ed25519PublicPem = Objects.requireNonNull(ed25519PublicPem, "ed25519PublicPem");
        this.ed25519PrivatePem = Objects.requireNonNull(ed25519PrivatePem, "ed25519PrivatePem");
        this.ed25519Multibase = Multikey.ed25519PublicKeyMultibase(ed25519PublicKey());
    }

    /** SPKI PEM, the {@code publicKey.publicKeyPem} value. */
    public String rsaPublicPem() { return rsaPublicPem; }

    /** PKCS#8 PEM. Store encrypted at rest; never log. */
    public String rsaPrivatePem() { return rsaPrivatePem; }

    public String ed25519PublicPem() { return ed25519PublicPem; }

    /** PKCS#8 PEM. Store encrypted at rest; never log. */
    public String ed25519PrivatePem() { return ed25519PrivatePem; }

    /** The {@code assertionMethod[].publicKeyMultibase} value. */
    public String ed25519Multibase() { return ed25519Multibase; }

    public PublicKey rsaPublicKey() { return PemKeys.parsePublicKey(rsaPublicPem, "RSA"); }

    public PrivateKey rsaPrivateKey() { return PemKeys.parsePrivateKey(rsaPrivatePem, "RSA"); }

    public PublicKey ed25519PublicKey() { return PemKeys.parsePublicKey(ed25519PublicPem, "Ed25519"); }

    public PrivateKey ed25519PrivateKey() { return PemKeys.parsePrivateKey(ed25519PrivatePem, "Ed25519"); }

    @Override
    public String toString() {
        return "ActorKeys[ed25519=" + ed25519Multibase + ", rsa=<public only>, private keys redacted]";
    }
}
