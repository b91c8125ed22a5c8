package org.mutua.server.database;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URI;

/**
 * A Vert.x SQL pool on the application's Vert.x, for the federation library's own tables (delivery queue, inbound
 * jobs), whose SKIP LOCKED claims are plain SQL. Everything else goes through Hibernate Reactive.
 */
public final class SqlPool {
    private SqlPool() {
    }

    public static Pool create(Vertx vertx, ConnectionSettings db, int size) {
        URI uri = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        PgConnectOptions connect = new PgConnectOptions()
            .setHost(uri.getHost())
            .setPort(uri.getPort() < 0 ? 5432 : uri.getPort())
            .setDatabase(uri.getPath().replaceFirst("^/", ""))
            .setUser(db.user())
            .setPassword(db.password())
            // Statements are parsed once per connection, but planned at every run: the queue tables go from empty to
            // thousands of rows in a fan-out, and a plan cached while they were nearly empty reads them whole
            // (ClaimPlanTest in the federation module).
            .setCachePreparedStatements(true)
            .addProperty("plan_cache_mode", "force_custom_plan");
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(connect).using(vertx).build();
    }
}
