package org.mutua.federation.inbox;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import org.flywaydb.core.Flyway;

/** A real embedded PostgreSQL of a test class's own, migrated with the federation migrations as the server does. */
final class InboxTestDatabase {
    private InboxTestDatabase() {
    }

    static EmbeddedPostgres start(String name) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory(name))
            .setCleanDataDirectory(true).start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/federation")
            .table("flyway_history_federation").load().migrate();
        return postgres;
    }

    static Pool pool(Vertx vertx, EmbeddedPostgres postgres, int size) {
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(size))
            .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(postgres.getPort()).setDatabase("postgres").setUser("postgres"))
            .using(vertx).build();
    }
}
