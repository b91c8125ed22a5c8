package org.mutua.server.actors;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;
import org.mutua.federation.fetch.FetchException;
import org.mutua.federation.fetch.KnownActors;
import org.mutua.federation.fetch.ListedKey;
import org.mutua.federation.fetch.RemoteActor;
import org.mutua.federation.fetch.ResolvedKey;
import org.mutua.federation.inbox.Hosts;
import org.mutua.server.database.Transactions;
import org.mutua.server.problems.Problem;

/**
 * Remote actors as last fetched, with the keys their documents listed: every authoritative fetch of an actor (by
 * {@link RemoteActors}, or by the key resolver checking a signature) refreshes its {@link RemoteActorRecord} and
 * replaces its {@link RemoteActorKey}s, and a known actor's keys are read from here when the key cache misses.
 */
public final class RemoteActorStore implements KnownActors {
    private final Transactions tx;
    private final boolean allowHttp;
    private final Clock clock;

    public RemoteActorStore(Transactions tx, boolean allowHttp, Clock clock) {
        this.tx = tx;
        this.allowHttp = allowHttp;
        this.clock = clock;
    }

    /** Stores or refreshes the actor and its keys; a 400 when its id is not one we would dial. */
    public Future<RemoteActorRecord> store(RemoteActor a) {
        String uri = a.id().toString();
        String host = Hosts.of(uri, allowHttp).orElse(null);
        if (host == null) {
            return Future.failedFuture(Problem.invalid("target", "error.target.invalid", "actor id is not https"));
        }
        return tx.inTransaction(s -> upsert(s, a, uri, host));
    }

    @Override
    public Future<Void> fetched(RemoteActor actor) {
        return store(actor).mapEmpty();
    }

    @Override
    public Future<Optional<ResolvedKey>> storedKey(String keyId) {
        return tx.read(s -> s.createSelectionQuery(
                "select k, r.uri, r.fetchedAt from RemoteActorKey k join RemoteActorRecord r on r.id = k.remoteActorId where k.keyId = :k",
                Object[].class).setParameter("k", keyId).getSingleResultOrNull())
            .map(row -> {
                if (row == null) {
                    return Optional.<ResolvedKey>empty();
                }
                RemoteActorKey k = (RemoteActorKey) row[0];
                try {
                    return Optional.of(new ResolvedKey(keyId, URI.create((String) row[1]),
                        new ListedKey(URI.create(k.keyId()), k.kind(), k.material()).decode(), (java.time.Instant) row[2]));
                } catch (FetchException undecodable) {
                    return Optional.<ResolvedKey>empty();
                }
            });
    }

    private Uni<RemoteActorRecord> upsert(Mutiny.Session s, RemoteActor a, String uri, String host) {
        List<ListedKey> keys = ListedKey.of(a);
        List<String> keyIds = keys.stream().map(k -> k.id().toString()).toList();
        return s.createSelectionQuery("from RemoteActorRecord where uri = :u", RemoteActorRecord.class).setParameter("u", uri)
            .getSingleResultOrNull()
            .chain(existing -> {
                RemoteActorRecord r = existing != null ? existing : new RemoteActorRecord(uri, host);
                r.refresh(a.preferredUsername(), a.name(), a.inbox().toString(), a.sharedInbox() == null ? null : a.sharedInbox().toString(), clock.instant());
                return (existing != null ? s.flush() : s.persist(r).call(s::flush)).replaceWith(r);
            })
            .call(r -> s.createMutationQuery("delete from RemoteActorKey where remoteActorId = :a or keyId in :ids")
                .setParameter("a", r.id()).setParameter("ids", keyIds.isEmpty() ? List.of("") : keyIds).executeUpdate())
            .call(r -> keys.isEmpty() ? Uni.createFrom().voidItem()
                : s.persistAll(keys.stream().map(k -> new RemoteActorKey(k.id().toString(), r.id(), k.kind(), k.material())).toArray()))
            .call(s::flush);
    }
}
