package org.mutua.federation.delivery;

import io.vertx.core.Future;
import java.security.PrivateKey;

/**
 * Resolves the private key of a local actor by its keyId (the {@code signer} column). Implemented by the server.
 * A future completed with {@code null} means the signer is unknown: the row fails without a retry.
 */
@FunctionalInterface
public interface SignerDirectory {
    Future<PrivateKey> privateKey(String keyId);
}
