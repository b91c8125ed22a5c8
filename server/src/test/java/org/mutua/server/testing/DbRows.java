package org.mutua.server.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.mutua.config.DatabaseUrl;

/** Counts rows in a test node's database, for "nothing was stored" and "one row queued" checks. */
public final class DbRows {
    private final DatabaseUrl db;

    public DbRows(TestNode node) {
        this.db = node.config.databaseUrl().orElseThrow();
    }

    public long count(String sql, Object... params) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                q.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
