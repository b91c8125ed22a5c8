package org.mutua.server.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.mutua.federation.testing.TestDatabase;

/**
 * The migrations in a folder per feature: a database made by the migrations of main before the folders existed
 * (commit 20e7953, copied under src/test/resources/db/legacy-20e7953) migrates forward with nothing to apply and
 * validates, and a new database gets the same tables and columns as that one.
 */
class MigrationLayoutTest {
    private static final List<String> FEATURES = org.mutua.server.Features.names();

    @Test
    void aDatabaseMadeBeforeTheFeatureFoldersMigratesForwardAndKeepsItsRows() throws Exception {
        ConnectionSettings db = newDatabase();
        Migrations.run(db, "federation", List.of("classpath:db/federation"));
        assertEquals(6, Migrations.run(db, "server", List.of("classpath:db/legacy-20e7953")).migrationsExecuted);
        execute(db, "insert into remote_tombstone (uri, actor_uri, deleted_at) values ('https://peer.example/r/1', 'https://peer.example/u/a', now())");
        Set<String> before = columns(db);
        long historyBefore = count(db, "select count(*) from flyway_history_server");

        Migrations.migrate(db, FEATURES);

        // Except login_failure, which members/V9 replaces with attempt_limit on purpose (issue 16).
        before.removeIf(c -> c.startsWith("login_failure."));
        // And follow.remote_actor_id, which follows/V12 makes nullable on purpose: a local follow has no remote actor.
        assertTrue(before.remove("follow.remote_actor_id bigint NO"));
        assertTrue(columns(db).contains("follow.remote_actor_id bigint YES"));
        assertTrue(columns(db).containsAll(before), "every column made before is still there");
        assertEquals(1, count(db, "select count(*) from remote_tombstone"), "rows made before are kept");
        assertEquals(0, count(db, "select count(*) from flyway_history_server where not success"));
        assertEquals(historyBefore, count(db, "select count(*) from flyway_history_server where version::int <= 6"),
            "V1 to V6 were not applied again from their new folders (Flyway validated their checksums)");
    }

    @Test
    void aNewDatabaseGetsTheSameSchemaAsOneMadeBeforeTheFolders() throws Exception {
        ConnectionSettings legacy = newDatabase();
        Migrations.run(legacy, "federation", List.of("classpath:db/federation"));
        Migrations.run(legacy, "server", List.of("classpath:db/legacy-20e7953"));
        ConnectionSettings fresh = newDatabase();

        Migrations.run(fresh, "federation", List.of("classpath:db/federation"));
        Migrations.run(fresh, "server", Migrations.serverLocations(FEATURES), "6");

        assertEquals(columns(legacy), columns(fresh), "the feature folders up to V6 make the schema 20e7953 made");
    }

    @Test
    void eachFeatureFolderIsFoundAndTheSharedTablesComeFirst() {
        List<String> locations = Migrations.serverLocations(FEATURES);
        assertEquals("classpath:db/server/publishing", locations.get(0));
        assertTrue(locations.containsAll(List.of("classpath:db/server/members", "classpath:db/server/follows",
            "classpath:db/server/notices", "classpath:db/server/actors")), locations.toString());
        // actors had no folder until V8 (remote_actor_key); every feature has one now, so one named for the test.
        assertEquals(List.of("classpath:db/server/publishing"), Migrations.serverLocations(List.of("without-migrations")),
            "a feature without migrations adds no folder");
    }

    private static ConnectionSettings newDatabase() {
        URI url = URI.create(TestDatabase.create("migrations").url());
        return new ConnectionSettings("jdbc:postgresql://" + url.getHost() + ":" + url.getPort() + url.getPath(), "postgres", "");
    }

    /** "table.column type" for every column of the public schema, without Flyway's own history tables. */
    private static Set<String> columns(ConnectionSettings db) throws Exception {
        Set<String> all = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select table_name, column_name, data_type, is_nullable from information_schema.columns "
                 + "where table_schema = 'public' and table_name not like 'flyway_history_%'")) {
            while (rs.next()) {
                all.add(rs.getString(1) + "." + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
            }
        }
        return all;
    }

    private static long count(ConnectionSettings db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(ConnectionSettings db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
