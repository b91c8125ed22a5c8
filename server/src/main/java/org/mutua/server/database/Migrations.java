package org.mutua.server.database;

import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flyway, once at start-up, with blocking JDBC (the only JDBC in the node). The federation library owns its
 * migrations and history table, so it can be migrated and tested alone; then the server's: the shared publishing
 * tables ({@code db/server/publishing}) and each feature's folder ({@code db/server/<feature>}), which shows which
 * feature owns which table. The server's folders share one history table and one sequence of versions (a file keeps
 * its version when it moves between folders, so databases made before the folders existed migrate on unchanged), and
 * Flyway refuses two files with one version at start-up.
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final String SHARED = "publishing";

    private Migrations() {
    }

    /** Migrates the federation library's tables, then the server's shared and features' tables. */
    public static void migrate(ConnectionSettings db, List<String> features) {
        run(db, "federation", List.of("classpath:db/federation"));
        run(db, "server", serverLocations(features));
    }

    /**
     * Whether a node has set this database up: the admin command line works only on a node's database and never
     * makes a new empty one, which would answer "no members" instead of saying it looked in the wrong place.
     */
    public static boolean hasRun(ConnectionSettings db) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             java.sql.ResultSet r = c.createStatement().executeQuery("SELECT to_regclass('flyway_history_server') IS NOT NULL")) {
            return r.next() && r.getBoolean(1);
        } catch (java.sql.SQLException e) {
            throw new DatabaseStartException("cannot reach the database at " + db + ": " + e.getMessage(), e);
        }
    }

    /** The classpath folders of the server's migrations: shared first, then each feature that has any. */
    static List<String> serverLocations(List<String> features) {
        List<String> folders = new ArrayList<>(List.of(SHARED));
        folders.addAll(features);
        List<String> locations = new ArrayList<>();
        for (String folder : folders) {
            if (Migrations.class.getClassLoader().getResource("db/server/" + folder) != null) {
                locations.add("classpath:db/server/" + folder);
            }
        }
        return locations;
    }

    static MigrateResult run(ConnectionSettings db, String module, List<String> locations) {
        return run(db, module, locations, null);
    }

    /** Up to {@code target} (a version, or null for all): tests build the schema of an earlier release with it. */
    static MigrateResult run(ConnectionSettings db, String module, List<String> locations, String target) {
        org.flywaydb.core.api.configuration.FluentConfiguration flyway = Flyway.configure()
            .dataSource(db.jdbcUrl(), db.user(), db.password())
            .locations(locations.toArray(String[]::new))
            .table("flyway_history_" + module)
            .baselineOnMigrate(true)
            .baselineVersion("0");
        if (target != null) {
            flyway.target(target);
        }
        MigrateResult result = flyway.load().migrate();
        LOG.info("migrations of {}: {} applied", module, result.migrationsExecuted);
        return result;
    }
}
