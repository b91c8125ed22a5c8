package org.mutua.federation.inbox;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;

/**
 * A test class's own real embedded PostgreSQL, migrated with the federation migrations as the server does, with a
 * Vert.x instance and a pool on it; {@link #close} stops all three.
 */
final class InboxTestDatabase implements AutoCloseable {
    final EmbeddedPostgres postgres;
    final Vertx vertx;
    final Pool pool;

    private InboxTestDatabase(EmbeddedPostgres postgres, Vertx vertx, Pool pool) {
        this.postgres = postgres;
        this.vertx = vertx;
        this.pool = pool;
    }

    static InboxTestDatabase start(String name, int poolSize) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory(name))
            .setCleanDataDirectory(true).start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/federation")
            .table("flyway_history_federation").load().migrate();
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(poolSize))
            .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(postgres.getPort()).setDatabase("postgres").setUser("postgres"))
            .using(vertx).build();
        return new InboxTestDatabase(postgres, vertx, pool);
    }

    /** A plain JDBC connection, for reading and arranging rows behind the code under test's back. */
    Connection jdbc() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    @Override
    public void close() throws Exception {
        pool.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        postgres.close();
    }
}
