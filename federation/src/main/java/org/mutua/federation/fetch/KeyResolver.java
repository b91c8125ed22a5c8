package org.mutua.federation.fetch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mutua.federation.vocab.CompactedJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keyId to public key, FEDERATION.md §2 "Key fetch rules" 1-3 and 5. The keyId is fetched (fragment removed) with a
 * signed GET as the instance actor, 10 s and 1 MB, public addresses only. The answer is the actor itself (a
 * {@code publicKey} with that id, or an {@code assertionMethod} Multikey with that id) or a key stub with
 * {@code owner}/{@code controller} (GtS serves {@code /main-key} that way): then the owner is fetched and must list the
 * same key id. Either way the key material comes from the owner's actor document, the owner must be on the keyId's
 * host, and the result is cached by keyId. Checking the keyId host against domain blocks, and the owner against the
 * activity's actor, is the caller's job (rules 1 and 3). The owner's document goes to {@link KnownActors} before the
 * key is used, so the node never fetches a new actor twice (once for its key, once for itself); on a cache miss a
 * known actor's stored key is used before any fetch (rule 4).
 */
public final class KeyResolver {
    static final Duration KEY_FETCH_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_CACHED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(KeyResolver.class);

    private final RemoteFetcher fetcher;
    private final Clock clock;
    private final Map<String, ResolvedKey> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ResolvedKey> eldest) {
            return size() > MAX_CACHED;
        }
    };
    private final Map<String, Future<ResolvedKey>> inFlight = new ConcurrentHashMap<>();

    private final KnownActors known;

    public KeyResolver(RemoteFetcher fetcher, Clock clock) {
        this(fetcher, clock, KnownActors.NONE);
    }

    public KeyResolver(RemoteFetcher fetcher, Clock clock, KnownActors known) {
        this.fetcher = fetcher;
        this.clock = clock;
        this.known = known;
    }

    /** The cached or stored key, or a fetch. */
    public Future<ResolvedKey> publicKey(String keyId) {
        return known(keyId).compose(hit -> hit.isPresent() ? Future.succeededFuture(hit.get()) : refresh(keyId));
    }

    /** The cached key, else a known actor's stored one (then cached); never fetches. */
    public Future<Optional<ResolvedKey>> known(String keyId) {
        Optional<ResolvedKey> hit = cached(keyId);
        if (hit.isPresent()) {
            return Future.succeededFuture(hit);
        }
        return known.storedKey(keyId).map(stored -> {
            stored.ifPresent(k -> {
                synchronized (cache) {
                    cache.putIfAbsent(keyId, k);
                }
            });
            return stored;
        });
    }

    /** Fetches again, whatever is cached; concurrent calls for one keyId share one fetch. */
    public Future<ResolvedKey> refresh(String keyId) {
        Promise<ResolvedKey> promise = Promise.promise();
        Future<ResolvedKey> running = inFlight.putIfAbsent(keyId, promise.future());
        if (running != null) {
            return running;
        }
        fetchKey(keyId).onComplete(ar -> {
            if (ar.succeeded()) {
                synchronized (cache) {
                    cache.put(keyId, ar.result());
                }
            }
            inFlight.remove(keyId, promise.future());
            promise.handle(ar);
        });
        return promise.future();
    }

    /** The in-memory cache alone (callers use {@link #known}, which also reads stored keys); tests look at it. */
    Optional<ResolvedKey> cached(String keyId) {
        synchronized (cache) {
            return Optional.ofNullable(cache.get(keyId));
        }
    }

    private Future<ResolvedKey> fetchKey(String keyIdText) {
        boolean allowHttp = fetcher.guard().allowHttp();
        URI keyId;
        try {
            keyId = RemoteUrls.parse(keyIdText, allowHttp);
        } catch (FetchException e) {
            return Future.failedFuture(new FetchException("bad-key-id"));
        }
        FetchOptions options = FetchOptions.asInstanceActor().withTotalTimeout(KEY_FETCH_TIMEOUT);
        return fetcher.fetch(RemoteUrls.withoutFragment(keyId), options).compose(doc -> {
            JsonObject json = doc.json();
            if (looksLikeActor(json)) {
                return keptWith(RemoteActor.parse(json, allowHttp), keyId, keyIdText);
            }
            String owner = CompactedJson.iri(json, "owner");
            if (owner == null) {
                owner = CompactedJson.iri(json, "controller");
            }
            if (owner == null) {
                return Future.failedFuture(new FetchException("key-no-owner"));
            }
            URI ownerId = RemoteUrls.parse(owner, allowHttp);
            // Never dial the claimed owner on another host: the key could not be accepted anyway (rule 3).
            if (!RemoteUrls.sameHost(ownerId, keyId)) {
                return Future.failedFuture(new FetchException("key-owner-host"));
            }
            return fetcher.fetch(ownerId, options).compose(actorDoc -> keptWith(RemoteActor.parse(actorDoc.json(), allowHttp), keyId, keyIdText));
        });
    }

    /**
     * The key from the owner's document, once the document is stored; a store that fails costs the actor's handlers
     * a fetch of their own later, never the key.
     */
    private Future<ResolvedKey> keptWith(RemoteActor owner, URI keyId, String keyIdText) {
        ResolvedKey key = fromOwner(owner, keyId, keyIdText);
        return known.fetched(owner).recover(err -> {
            LOG.warn("the actor {} of a fetched key could not be stored: {}", owner.id(), err.toString());
            return Future.succeededFuture();
        }).map(stored -> key);
    }

    private ResolvedKey fromOwner(RemoteActor actor, URI keyId, String keyIdText) {
        if (!RemoteUrls.sameHost(actor.id(), keyId)) {
            throw new FetchException("key-owner-host");
        }
        Object key = actor.keyById(keyId).orElseThrow(() -> new FetchException("key-not-listed"));
        return new ResolvedKey(keyIdText, actor.id(), decode(key), clock.instant());
    }

    private static PublicKey decode(Object key) {
        return key instanceof ActorMultikey m ? new ListedKey(m.id(), ListedKey.MULTIKEY, m.publicKeyMultibase()).decode()
            : new ListedKey(((ActorPublicKey) key).id(), ListedKey.PEM, ((ActorPublicKey) key).publicKeyPem()).decode();
    }

    private static boolean looksLikeActor(JsonObject json) {
        for (Object t : CompactedJson.all(json, "type")) {
            if (t instanceof String s && RemoteActor.ACTOR_TYPES.contains(s)) {
                return true;
            }
        }
        return json.containsKey("inbox");
    }
}
