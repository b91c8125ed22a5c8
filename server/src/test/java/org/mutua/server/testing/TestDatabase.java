package org.mutua.server.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** One real embedded PostgreSQL for the whole test run; each test node gets a database of its own in it. */
public final class TestDatabase {
    private static EmbeddedPostgres postgres;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestDatabase() {
    }

    /** A fresh, empty database, as a DATABASE_URL. */
    public static synchronized String newDatabaseUrl() {
        try {
            if (postgres == null) {
                Path dir = Files.createTempDirectory("mutua-test-pg");
                postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pgdata")).setCleanDataDirectory(true).start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (Exception ignored) {
                        // the JVM is exiting
                    }
                }));
            }
            String name = "node" + COUNTER.incrementAndGet();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("create database " + name);
            }
            return "postgres://postgres@127.0.0.1:" + postgres.getPort() + "/" + name;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test PostgreSQL", e);
        }
    }
}
