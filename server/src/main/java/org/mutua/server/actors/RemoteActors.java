package org.mutua.server.actors;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import java.net.URI;
import java.time.Clock;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;
import org.mutua.federation.fetch.FetchException;
import org.mutua.federation.fetch.RemoteActor;
import org.mutua.federation.fetch.RemoteFetcher;
import org.mutua.federation.fetch.WebFingerResolver;
import org.mutua.federation.inbox.Hosts;
import org.mutua.server.database.Transactions;
import org.mutua.server.problems.Problem;

/**
 * Remote actors the node deals with: found by handle (WebFinger with the round trip of FEDERATION.md 1.2) or URL,
 * always by an authoritative fetch (never from what an activity embeds), and kept as a {@link RemoteActorRecord}
 * ({@link RemoteActorStore}), where the key fetch of a new signer has usually put it already.
 */
public final class RemoteActors {
    private static final java.time.Duration REFRESH_AFTER = java.time.Duration.ofDays(1);
    private static final Set<String> NO_SUCH_ACTOR = Set.of("http-404", "http-410");
    private final RemoteFetcher fetcher;
    private final WebFingerResolver webFinger;
    private final Transactions tx;
    private final RemoteActorStore store;
    private final boolean allowHttp;
    private final Clock clock;

    public RemoteActors(RemoteFetcher fetcher, WebFingerResolver webFinger, Transactions tx, RemoteActorStore store, boolean allowHttp, Clock clock) {
        this.fetcher = fetcher;
        this.webFinger = webFinger;
        this.tx = tx;
        this.store = store;
        this.allowHttp = allowHttp;
        this.clock = clock;
    }

    /** {@code user@host}, {@code @user@host} or an actor URL; a 400/404/502 a person can act on otherwise. */
    public Future<RemoteActorRecord> resolve(String target) {
        if (target == null || target.isBlank() || target.length() > 2048) {
            return Future.failedFuture(Problem.invalid("target", "error.target.invalid", "target must be a handle such as user@example.org or an actor URL"));
        }
        String t = target.trim();
        Future<RemoteActor> actor;
        if (t.startsWith("https://") || (allowHttp && t.startsWith("http://"))) {
            actor = fetch(URI.create(t));
        } else {
            String handle = t.startsWith("@") ? t.substring(1) : t;
            if (!handle.matches("^[^@\\s/]+@[^@\\s/]+$")) {
                return Future.failedFuture(Problem.invalid("target", "error.target.invalid", "target must be a handle such as user@example.org or an actor URL"));
            }
            actor = webFinger.resolveHandle(handle).map(h -> h.actor())
                .recover(err -> Future.failedFuture(new Problem(404, "target", "error.target.notFound", "no fediverse account found for " + handle)));
        }
        return actor.compose(this::store);
    }

    /** The actor at this URI: stored, fetched again (authoritatively) once its copy is a day old, or fetched now. */
    public Future<RemoteActorRecord> byUri(String uri) {
        return tx.read(s -> s.createSelectionQuery("from RemoteActorRecord where uri = :u", RemoteActorRecord.class)
                .setParameter("u", uri).getSingleResultOrNull())
            .compose(known -> {
                if (known == null) {
                    return fetch(URI.create(uri)).compose(this::store);
                }
                if (known.fetchedAt().isAfter(clock.instant().minus(REFRESH_AFTER))) {
                    return Future.succeededFuture(known);
                }
                // A stale copy still serves when the actor's server is down for a while.
                return fetch(URI.create(uri)).compose(this::store).recover(err -> Future.succeededFuture(known));
            });
    }

    /**
     * The actor's own server answering that it has no such actor (404, 410) is "nobody by that address", as for a handle
     * WebFinger does not know; any other failure is theirs to fix or ours to retry later (502).
     */
    private Future<RemoteActor> fetch(URI uri) {
        return fetcher.fetch(uri).map(doc -> RemoteActor.parse(doc.json(), allowHttp))
            .recover(err -> Future.failedFuture(err instanceof FetchException f && NO_SUCH_ACTOR.contains(f.reason())
                ? new Problem(404, "target", "error.target.notFound", "no fediverse account at " + uri, err)
                : new Problem(502, "target", "error.target.unreachable", "could not fetch that actor (" + err.getMessage() + ")", err)));
    }

    private Future<RemoteActorRecord> store(RemoteActor a) {
        return store.store(a);
    }

    /** The inboxes of these remote actors, as far as they are known here, read in the caller's transaction. */
    public static Uni<java.util.List<org.mutua.federation.delivery.DeliveryRows.Recipient>> inboxesOf(Mutiny.Session s, java.util.List<String> actorUris) {
        if (actorUris.isEmpty()) {
            return Uni.createFrom().item(java.util.List.of());
        }
        return s.createSelectionQuery("select r.inbox, r.sharedInbox from RemoteActorRecord r where r.uri in :uris order by r.id", Object[].class)
            .setParameter("uris", actorUris).getResultList()
            .map(rows -> rows.stream().map(r -> new org.mutua.federation.delivery.DeliveryRows.Recipient((String) r[0], (String) r[1])).toList());
    }
}
