package org.mutua.federation.signatures;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Signature;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where RSA private-key operations run. Every delivery is one RSA-2048 signature (one per inbox: the signed
 * request-target differs), and the JDK's own RSA takes 0.83–1 ms for it on the benchmark machine, AWS-LC through the
 * Amazon Corretto Crypto Provider 0.26 ms (docs/benchmarks.md). That provider ships a native library for x86-64 Linux
 * only; anywhere it does not load (another CPU, a libc it cannot use) the JDK's RSA is used and nothing else changes.
 * Verification (every inbound request) runs there too: the JDK's is quick only where the C2 compiler's BigInteger
 * intrinsics apply, and the shipped flags run C1 only (docs/benchmarks.md: a tenth of the inbox's CPU went to it).
 */
public final class RsaProvider {
    private static final Logger LOG = LoggerFactory.getLogger(RsaProvider.class);
    private static final Optional<Provider> NATIVE = load();

    private RsaProvider() {
    }

    /** A {@code SHA256withRSA} signer, native when available. */
    static Signature sha256WithRsa() throws NoSuchAlgorithmException {
        return NATIVE.isPresent() ? Signature.getInstance("SHA256withRSA", NATIVE.get()) : Signature.getInstance("SHA256withRSA");
    }

    /**
     * The factory for parsing RSA keys, private and public: a key must come from the provider that signs or verifies
     * with it, or every use pays for converting the key again (which costs more than the signature saved).
     */
    public static KeyFactory keyFactory() throws NoSuchAlgorithmException {
        return NATIVE.isPresent() ? KeyFactory.getInstance("RSA", NATIVE.get()) : KeyFactory.getInstance("RSA");
    }

    /** True when signatures run in AWS-LC; for start-up logs and tests. */
    public static boolean isNative() {
        return NATIVE.isPresent();
    }

    private static Optional<Provider> load() {
        if (Boolean.getBoolean("mutua.rsa.jdk")) {
            return Optional.empty();
        }
        try {
            Class<?> type = Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
            Provider provider = (Provider) type.getField("INSTANCE").get(null);
            Throwable loadingError = (Throwable) type.getMethod("getLoadingError").invoke(provider);
            if (loadingError != null) {
                LOG.info("rsa signing provider=jdk reason={}", loadingError.toString());
                return Optional.empty();
            }
            LOG.info("rsa signing provider=aws-lc");
            return Optional.of(provider);
        } catch (Throwable e) {
            LOG.info("rsa signing provider=jdk reason={}", e.toString());
            return Optional.empty();
        }
    }
}
