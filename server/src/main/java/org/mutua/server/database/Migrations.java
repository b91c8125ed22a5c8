package org.mutua.server.database;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flyway, once at start-up, with blocking JDBC (the only JDBC in the node). Each module owns its migrations and its
 * history table, so the federation library can be migrated and tested alone.
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    /** Module name → classpath folder of its migrations, in the order they must run. */
    private static final String[][] MODULES = {
        {"federation", "classpath:db/federation"},
        {"server", "classpath:db/server"},
    };

    private Migrations() {
    }

    public static void migrate(ConnectionSettings db) {
        for (String[] module : MODULES) {
            MigrateResult result = Flyway.configure()
                .dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations(module[1])
                .table("flyway_history_" + module[0])
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
            LOG.info("migrations of {}: {} applied", module[0], result.migrationsExecuted);
        }
    }
}
