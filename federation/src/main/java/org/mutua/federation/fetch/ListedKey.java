package org.mutua.federation.fetch;

import java.net.URI;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.mutua.federation.keys.Multikey;
import org.mutua.federation.keys.PemKeys;

/**
 * A key an actor document lists, as text a store can keep: a draft-cavage {@code publicKeyPem} ({@link #PEM}) or an
 * {@code assertionMethod} Multikey's {@code publicKeyMultibase} ({@link #MULTIKEY}); {@link #decode()} turns it into
 * the key signatures are checked with, the same way for a fetched and a stored copy.
 */
public record ListedKey(URI id, String kind, String material) {
    public static final String PEM = "pem";
    public static final String MULTIKEY = "multikey";

    /** Every key the actor lists, cavage keys first. */
    public static List<ListedKey> of(RemoteActor actor) {
        List<ListedKey> keys = new ArrayList<>();
        actor.publicKeys().forEach(k -> keys.add(new ListedKey(k.id(), PEM, k.publicKeyPem())));
        actor.assertionMethods().forEach(m -> keys.add(new ListedKey(m.id(), MULTIKEY, m.publicKeyMultibase())));
        return keys;
    }

    /** @throws FetchException "key-undecodable" */
    public PublicKey decode() {
        try {
            if (kind.equals(MULTIKEY)) {
                // Ed25519 only; RSA Multikeys (Mitra) also carry a PEM publicKey under the same id, found first.
                return Multikey.parseEd25519(material);
            }
            try {
                return PemKeys.parsePublicKey(material, "RSA");
            } catch (IllegalArgumentException notRsa) {
                return PemKeys.parsePublicKey(material, "Ed25519");
            }
        } catch (IllegalArgumentException e) {
            throw new FetchException("key-undecodable");
        }
    }
}
