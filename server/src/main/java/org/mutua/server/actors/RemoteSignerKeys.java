package org.mutua.server.actors;

import io.vertx.core.Future;
import java.util.Optional;
import org.mutua.federation.fetch.KeyResolver;
import org.mutua.federation.fetch.ResolvedKey;
import org.mutua.federation.inbox.SignerKey;
import org.mutua.federation.inbox.SignerKeys;

/**
 * The inbox's key look-up, backed by the federation library's guarded, signed key fetcher and its cache, and by the
 * keys stored with known remote actors ({@link RemoteActorStore}).
 */
public final class RemoteSignerKeys implements SignerKeys {
    private final KeyResolver resolver;

    public RemoteSignerKeys(KeyResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Future<Optional<SignerKey>> known(String keyId) {
        return resolver.known(keyId).map(k -> k.map(RemoteSignerKeys::toSignerKey));
    }

    @Override
    public Future<SignerKey> key(String keyId) {
        return resolver.publicKey(keyId).map(RemoteSignerKeys::toSignerKey);
    }

    @Override
    public Future<SignerKey> refresh(String keyId) {
        return resolver.refresh(keyId).map(RemoteSignerKeys::toSignerKey);
    }

    private static SignerKey toSignerKey(ResolvedKey k) {
        return new SignerKey(k.keyId(), k.ownerActorId().toString(), k.publicKey(), k.fetchedAt());
    }
}
