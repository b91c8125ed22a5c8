package org.mutua.federation.delivery;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;

/** One real embedded PostgreSQL for the test run, migrated once with the federation migrations, as the server does. */
final class TestDatabase {
    private static EmbeddedPostgres postgres;

    private TestDatabase() {
    }

    static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                Path dir = Files.createTempDirectory("mutua-delivery-pg");
                postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pgdata")).setCleanDataDirectory(true).start();
                Flyway.configure()
                    .dataSource(postgres.getPostgresDatabase())
                    .locations("classpath:db/federation")
                    .table("flyway_history_federation")
                    .load()
                    .migrate();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (Exception ignored) {
                        // exiting
                    }
                }));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test PostgreSQL", e);
            }
        }
        return postgres;
    }

    /** Empties the queue tables. */
    static void reset() {
        update("TRUNCATE federation_delivery, federation_delivery_body, federation_host_state, federation_inbox_state RESTART IDENTITY");
    }

    static Pool pool(Vertx vertx, int size) {
        PgConnectOptions connect = new PgConnectOptions().setHost("127.0.0.1").setPort(postgres().getPort())
            .setDatabase("postgres").setUser("postgres");
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(connect).using(vertx).build();
    }

    static int update(String sql, Object... params) {
        try (Connection c = postgres().getPostgresDatabase().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Map<String, Object>> query(String sql, Object... params) {
        try (Connection c = postgres().getPostgresDatabase().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** state of each row, by id. */
    static Map<Long, String> states() {
        Map<Long, String> m = new LinkedHashMap<>();
        for (var row : query("SELECT id, state FROM federation_delivery ORDER BY id")) {
            m.put((Long) row.get("id"), (String) row.get("state"));
        }
        return m;
    }

    static void execute(String sql) {
        try (Connection c = postgres().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
