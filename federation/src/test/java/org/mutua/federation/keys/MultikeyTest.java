package org.mutua.federation.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.PublicKey;
import org.junit.jupiter.api.Test;

class MultikeyTest {
    @Test
    void theFep521aExampleKeyRoundTrips() {
        // FEP-521a's example Multikey (also the one in FEDERATION.md §1.3).
        String example = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
        PublicKey key = Multikey.parseEd25519(example);
        assertEquals("EdDSA", key.getAlgorithm());
        assertEquals(example, Multikey.ed25519PublicKeyMultibase(key));
    }

    @Test
    void aMitraKeyCapturedFromWizardCasaRoundTrips() {
        String mitra = "z6MkweqJajqa5jRAJTBVxxu47oCdB7HzmYbBKN8VGbFJmKkC";
        assertEquals(mitra, Multikey.ed25519PublicKeyMultibase(Multikey.parseEd25519(mitra)));
    }

    @Test
    void everyEd25519MultikeyStartsWithZ6Mk() {
        ActorKeys keys = new ActorKeyGenerator().generate();
        assertEquals("z6Mk", keys.ed25519Multibase().substring(0, 4));
        assertEquals(48, keys.ed25519Multibase().length());
    }

    @Test
    void anRsaMultikeyIsNotTakenForEd25519() {
        // Mitra publishes its RSA key as a Multikey too (prefix z4MX...): it must not parse as Ed25519.
        String rsaMultikey = "z4MXj1wBzi9jUstyPzDJGKjQPQWMi9NPMz1xNE4MeJjMpUcPYR7LfniZmXoXhfQ6motM7AAgWw9nHbFmhnNvAfaZMdQgBo2j1ptQNRogJPGzesYi7Yf81T2Kqju3CTCEJje5brBDdhKMpq56h6SwFAtcbPZBykN527ocN2JfvmiqVYNTqPVwoKGuVGKXNx6h87jVGq1kxzj7Q9LBFQnMHbCnMeUJ3KtqJQcPdGwbMw7LWjz4jpHpi6wb7KXBdVnSyKMwB7KyNJFJYqzauPi1UgtTKRzEMNUdCjAFsYff7v93Rr7Yzy4siE4cRVCdMNSQp3KphqczgLNejPKLjMMT9UC7XLitDdd2t3xaEzuamHVBNrFVBFEJ4";
        assertThrows(IllegalArgumentException.class, () -> Multikey.parseEd25519(rsaMultikey));
    }

    @Test
    void malformedMultibaseIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Multikey.parseEd25519(null));
        assertThrows(IllegalArgumentException.class, () -> Multikey.parseEd25519("u7QE"));      // base64url multibase
        assertThrows(IllegalArgumentException.class, () -> Multikey.parseEd25519("z6Mk"));      // truncated
        assertThrows(IllegalArgumentException.class, () -> Multikey.parseEd25519("z6Mk0OIl")); // outside alphabet
    }
}
