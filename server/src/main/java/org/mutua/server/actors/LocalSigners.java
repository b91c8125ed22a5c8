package org.mutua.server.actors;

import io.vertx.core.Future;
import java.security.PrivateKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mutua.federation.delivery.SignerDirectory;
import org.mutua.server.database.Transactions;

/** Private keys of local actors by keyId, for the delivery workers; parsed once and cached (keys change only by rotation). */
public final class LocalSigners implements SignerDirectory {
    private final Transactions tx;
    private final Uris uris;
    private final Map<String, PrivateKey> cache = new ConcurrentHashMap<>();

    public LocalSigners(Transactions tx, Uris uris) {
        this.tx = tx;
        this.uris = uris;
    }

    @Override
    public Future<PrivateKey> privateKey(String keyId) {
        PrivateKey cached = cache.get(keyId);
        if (cached != null) {
            return Future.succeededFuture(cached);
        }
        String actorId = keyId.endsWith("#main-key") ? keyId.substring(0, keyId.length() - "#main-key".length()) : null;
        var parsed = uris.parseActor(actorId);
        if (parsed.isEmpty()) {
            return Future.succeededFuture(null);
        }
        var kind = parsed.get().getKey();
        return tx.read(s -> (kind == ActorKind.APPLICATION
                ? s.createSelectionQuery("from LocalActor where kind = 'application'", LocalActor.class)
                : s.createSelectionQuery("from LocalActor where kind = :k and username = :u", LocalActor.class)
                    .setParameter("k", kind.wire()).setParameter("u", parsed.get().getValue()))
                .getSingleResultOrNull())
            .map(actor -> {
                if (actor == null) {
                    return null;
                }
                PrivateKey key = actor.keys().rsaPrivateKey();
                cache.put(keyId, key);
                return key;
            });
    }
}
