package org.mutua.federation.delivery;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The delivery tests' one database, shared by their classes and emptied between tests: a federation-migrated
 * database from {@link org.mutua.federation.testing.TestDatabase}, the build's one test database helper. This class
 * only adds what is the queue's own: which tables {@link #reset} empties, and {@link #states}.
 */
final class TestDatabase {
    private static org.mutua.federation.testing.TestDatabase db;

    private TestDatabase() {
    }

    private static synchronized org.mutua.federation.testing.TestDatabase db() {
        if (db == null) {
            db = org.mutua.federation.testing.TestDatabase.federation("delivery");
        }
        return db;
    }

    /** Empties the queue tables. */
    static void reset() {
        update("TRUNCATE federation_delivery, federation_delivery_body, federation_host_state, federation_inbox_state RESTART IDENTITY");
    }

    static Pool pool(Vertx vertx, int size) {
        return db().pool(vertx, size);
    }

    static Connection jdbc() throws SQLException {
        return db().jdbc();
    }

    static int update(String sql, Object... params) {
        return db().update(sql, params);
    }

    static List<Map<String, Object>> query(String sql, Object... params) {
        return db().query(sql, params);
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
        db().execute(sql);
    }
}
