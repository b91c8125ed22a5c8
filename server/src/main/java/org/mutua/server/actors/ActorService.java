package org.mutua.server.actors;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.Optional;
import org.mutua.config.MutuaConfig;
import org.mutua.server.database.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's own actors: the neighbourhood ({@code Group}) and the instance actor ({@code Application}) made on first
 * start, and look-ups of any local actor that may be shown to the outside (a member only once their sign-up is active).
 */
public final class ActorService {
    private static final Logger LOG = LoggerFactory.getLogger(ActorService.class);

    private final MutuaConfig config;
    private final Transactions tx;
    private final KeyGeneration keys;
    private final Clock clock;

    public ActorService(MutuaConfig config, Transactions tx, KeyGeneration keys, Clock clock) {
        this.config = config;
        this.tx = tx;
        this.keys = keys;
        this.clock = clock;
    }

    /** The instance actor's username is the node's host name, as Mastodon and GoToSocial do. */
    public String instanceActorUsername() {
        return config.hostname();
    }

    /** First start creates both node actors; later starts keep their keys and only follow a renamed neighbourhood. */
    public Future<Void> ensureNodeActors() {
        return ensure(config.neighbourhoodUsername(), ActorKind.GROUP, config.nodeName(), config.nodeDescription())
            .compose(v -> ensure(instanceActorUsername(), ActorKind.APPLICATION, config.domain(), ""));
    }

    private Future<Void> ensure(String username, ActorKind kind, String name, String summary) {
        return tx.read(s -> s.createSelectionQuery("from LocalActor where username = :u", LocalActor.class)
                .setParameter("u", username).getSingleResultOrNull())
            .compose(existing -> {
                if (existing != null) {
                    if (kind == ActorKind.GROUP && (!existing.displayName().equals(name) || !existing.summary().equals(summary))) {
                        return tx.inTransaction(s -> s.find(LocalActor.class, existing.id()).invoke(a -> a.rename(name, summary))).mapEmpty();
                    }
                    return Future.succeededFuture();
                }
                return keys.generate().compose(k -> tx.inTransaction(s -> s.persist(new LocalActor(username, kind, name, summary, k, clock.instant()))))
                    .onSuccess(v -> LOG.info("created the {} actor {}", kind.activityStreamsType(), username)).mapEmpty();
            });
    }

    /** The instance actor, which signs the node's own fetches. */
    public Future<LocalActor> instanceActor() {
        return tx.read(s -> s.createSelectionQuery("from LocalActor where kind = 'application'", LocalActor.class).getSingleResult());
    }

    /** A local actor that may be shown outside: groups and the instance actor always, members once active. */
    public Future<Optional<LocalActor>> visible(String username) {
        return tx.read(s -> s.createSelectionQuery(
                "from LocalActor a where a.username = :u and (a.kind <> 'person' or exists "
                    + "(select 1 from Member m where m.actorId = a.id and m.status = 'active'))", LocalActor.class)
            .setParameter("u", username).getSingleResultOrNull().map(Optional::ofNullable));
    }
}
