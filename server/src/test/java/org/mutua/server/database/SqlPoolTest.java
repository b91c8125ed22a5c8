package org.mutua.server.database;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mutua.federation.testing.TestDatabase;

/** The federation library's pool: the queue's claims are planned for the table as it is at each run. */
class SqlPoolTest {
    @Test
    void statementsArePlannedAtEveryRunNotFromAPlanCachedForAnEarlierTable() throws Exception {
        URI url = URI.create(TestDatabase.create("sql_pool").url());
        ConnectionSettings db = new ConnectionSettings("jdbc:postgresql://" + url.getHost() + ":" + url.getPort() + url.getPath(),
            "postgres", "");
        Vertx vertx = Vertx.vertx();
        Pool pool = SqlPool.create(vertx, db, 1);
        try {
            Row row = pool.preparedQuery("SHOW plan_cache_mode").execute()
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).iterator().next();
            assertEquals("force_custom_plan", row.getString(0));
        } finally {
            pool.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
