package org.mutua.federation.testing;

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
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The one test database helper of the build: one real embedded PostgreSQL per test JVM, started on first use and
 * stopped when the JVM exits, and in it a fresh database for each caller (a federation test class, a test node).
 * Federation's tests use it directly; the server's through federation's test jar.
 */
public final class TestDatabase {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private final String name;
    private final DataSource dataSource;

    private TestDatabase(String name, DataSource dataSource) {
        this.name = name;
        this.dataSource = dataSource;
    }

    /** A fresh, empty database named after {@code prefix}. */
    public static TestDatabase create(String prefix) {
        String name = prefix.replaceAll("[^a-z0-9_]", "_") + "_" + COUNTER.incrementAndGet();
        EmbeddedPostgres server = server();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name, e);
        }
        return new TestDatabase(name, server.getDatabase("postgres", name));
    }

    /** A fresh database migrated with the federation migrations, as the server migrates its own. */
    public static TestDatabase federation(String prefix) {
        TestDatabase db = create(prefix);
        Flyway.configure().dataSource(db.dataSource).locations("classpath:db/federation").table("flyway_history_federation")
            .load().migrate();
        return db;
    }

    private static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                Path dir = Files.createTempDirectory("mutua-test-pg");
                postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pgdata")).setCleanDataDirectory(true).start();
                EmbeddedPostgres started = postgres;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (Exception ignored) {
                        // the JVM is exiting
                    }
                }));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test PostgreSQL", e);
            }
        }
        return postgres;
    }

    public String name() {
        return name;
    }

    /** The database as a {@code DATABASE_URL}. */
    public String url() {
        return "postgres://postgres@127.0.0.1:" + server().getPort() + "/" + name;
    }

    /** A Vert.x pool on this database. */
    public Pool pool(Vertx vertx, int size) {
        PgConnectOptions connect = new PgConnectOptions().setHost("127.0.0.1").setPort(server().getPort()).setDatabase(name).setUser("postgres");
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(connect).using(vertx).build();
    }

    /** A plain JDBC connection, for reading and arranging rows behind the code under test's back. */
    public Connection jdbc() throws SQLException {
        return dataSource.getConnection();
    }

    public int update(String sql, Object... params) {
        try (Connection c = jdbc(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Map<String, Object>> query(String sql, Object... params) {
        try (Connection c = jdbc(); PreparedStatement s = c.prepareStatement(sql)) {
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

    public void execute(String sql) {
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
