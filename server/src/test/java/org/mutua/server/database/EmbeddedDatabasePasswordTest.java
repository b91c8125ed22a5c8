package org.mutua.server.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mutua.server.security.SecretStore;

/**
 * The embedded PostgreSQL asks every connection for the password kept with the node's secrets, instead of trusting
 * any local user or process; a data directory made before (initdb's trust) gets the password on its next start.
 */
class EmbeddedDatabasePasswordTest {

    private static Connection connect(EmbeddedDatabase db, String password) throws SQLException {
        return DriverManager.getConnection(db.location().settings().jdbcUrl(), "postgres", password);
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (ResultSet r = c.createStatement().executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        }
    }

    @Test
    void aLocalProcessWithoutThePasswordIsRefusedAcrossRestarts(@TempDir Path dataDir) throws Exception {
        SecretStore secrets = new SecretStore(dataDir.resolve("secrets"));
        try (EmbeddedDatabase db = EmbeddedDatabase.startIfFree(dataDir, secrets).orElseThrow()) {
            assertThrows(SQLException.class, () -> connect(db, "").close(), "no password, no connection");
            assertThrows(SQLException.class, () -> connect(db, "guess").close(), "a wrong one neither");
            assertTrue(secrets.has(EmbeddedDatabase.PASSWORD_SECRET), "generated once and kept with the node's secrets");
            try (Connection c = DriverManager.getConnection(db.location().settings().jdbcUrl(), "postgres", db.location().settings().password())) {
                c.createStatement().execute("CREATE TABLE kept (id int)");
                c.createStatement().execute("INSERT INTO kept VALUES (1)");
            }
        }
        String pw = new String(Files.readAllBytes(dataDir.resolve("secrets").resolve(EmbeddedDatabase.PASSWORD_SECRET)));
        try (EmbeddedDatabase again = EmbeddedDatabase.startIfFree(dataDir, secrets).orElseThrow()) {
            assertThrows(SQLException.class, () -> connect(again, "").close(), "still asked for after a restart");
            try (Connection c = DriverManager.getConnection(again.location().settings().jdbcUrl(), "postgres", again.location().settings().password())) {
                assertEquals(1, count(c, "SELECT count(*) FROM kept"));
            }
        }
        assertEquals(pw, new String(Files.readAllBytes(dataDir.resolve("secrets").resolve(EmbeddedDatabase.PASSWORD_SECRET))),
            "the password is made once, not at every start");
    }

    @Test
    void aDataDirectoryMadeBeforeThePasswordGetsItOnItsNextStart(@TempDir Path dataDir) throws Exception {
        SecretStore secrets = new SecretStore(dataDir.resolve("secrets"));
        try (EmbeddedDatabase db = EmbeddedDatabase.startIfFree(dataDir, secrets).orElseThrow();
             Connection c = DriverManager.getConnection(db.location().settings().jdbcUrl(), "postgres", db.location().settings().password())) {
            c.createStatement().execute("CREATE TABLE members_before (id int)");
            c.createStatement().execute("ALTER ROLE postgres PASSWORD NULL"); // as the release before left it
        }
        // The release before: initdb's pg_hba.conf trusting every local connection, and no password secret.
        Files.writeString(dataDir.resolve("pgdata").resolve("pg_hba.conf"),
            "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n");
        Files.delete(dataDir.resolve("secrets").resolve(EmbeddedDatabase.PASSWORD_SECRET));

        try (EmbeddedDatabase upgraded = EmbeddedDatabase.startIfFree(dataDir, secrets).orElseThrow()) {
            assertThrows(SQLException.class, () -> connect(upgraded, "").close(), "trust is gone after the upgrade");
            try (Connection c = DriverManager.getConnection(upgraded.location().settings().jdbcUrl(), "postgres", upgraded.location().settings().password())) {
                assertEquals(0, count(c, "SELECT count(*) FROM members_before"), "the old data is there");
            }
        }
        assertFalse(Files.readString(dataDir.resolve("pgdata").resolve("pg_hba.conf")).contains("trust"));
    }

    @Test
    void aLostPasswordIsNamedInsteadOfReplacedByOneThatCannotMatch(@TempDir Path dataDir) throws Exception {
        SecretStore secrets = new SecretStore(dataDir.resolve("secrets"));
        EmbeddedDatabase.startIfFree(dataDir, secrets).orElseThrow().close();
        SecretStore elsewhere = new SecretStore(dataDir.resolve("other-secrets"));
        DatabaseStartException e = assertThrows(DatabaseStartException.class, () -> EmbeddedDatabase.startIfFree(dataDir, elsewhere));
        assertTrue(e.getMessage().contains("other-secrets") && e.getMessage().contains("MUTUA_SECRETS_DIR"), e.getMessage());
        assertFalse(elsewhere.has(EmbeddedDatabase.PASSWORD_SECRET), "no new password was made");
        EmbeddedDatabase.startIfFree(dataDir, secrets).orElseThrow().close(); // and the lock was let go
    }
}
