package org.mutua.server.database;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The one way services reach the database: a unit of work in a transaction (or a read-only session), answered as a
 * Vert.x {@link Future} so routes compose it like every other asynchronous step.
 */
public final class Transactions {
    private final Mutiny.SessionFactory factory;

    public Transactions(Mutiny.SessionFactory factory) {
        this.factory = factory;
    }

    public <T> Future<T> inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return toFuture(factory.withTransaction((session, tx) -> work.apply(session)));
    }

    public <T> Future<T> read(Function<Mutiny.Session, Uni<T>> work) {
        return toFuture(factory.withSession(work));
    }

    private static <T> Future<T> toFuture(Uni<T> uni) {
        Promise<T> promise = Promise.promise();
        uni.subscribe().with(promise::complete, promise::fail);
        return promise.future();
    }

    public Mutiny.SessionFactory factory() {
        return factory;
    }
}
