package org.mutua.server.database;

import java.time.Duration;
import java.util.Optional;
import org.mutua.config.DatabaseUrl;
import org.mutua.config.MutuaConfig;

/**
 * The database this process uses: an external one from DATABASE_URL, the embedded one it owns, or the embedded one a
 * running node owns (admin commands only). Closing it stops the embedded PostgreSQL when this process started it.
 */
public final class DatabaseHandle implements AutoCloseable {
    private final ConnectionSettings settings;
    private final Optional<EmbeddedDatabase> owned;

    private DatabaseHandle(ConnectionSettings settings, Optional<EmbeddedDatabase> owned) {
        this.settings = settings;
        this.owned = owned;
    }

    /** For the server: the data directory must be free (or held by a dead process). */
    public static DatabaseHandle forServer(MutuaConfig config) {
        if (config.databaseUrl().isPresent()) {
            return external(config.databaseUrl().get());
        }
        EmbeddedDatabase db = EmbeddedDatabase.startIfFree(config.dataDir()).orElseThrow(() -> new DatabaseStartException(
            "another Mutua node is already running on " + config.dataDir() + "; stop it first or set MUTUA_DATA_DIR to another directory", null));
        return new DatabaseHandle(db.location().settings(), Optional.of(db));
    }

    /** For admin commands: use the running node's PostgreSQL, or start the embedded one when the node is down. */
    public static DatabaseHandle forAdminCommand(MutuaConfig config) {
        if (config.databaseUrl().isPresent()) {
            return external(config.databaseUrl().get());
        }
        Optional<EmbeddedDatabase> mine = EmbeddedDatabase.startIfFree(config.dataDir());
        if (mine.isPresent()) {
            return new DatabaseHandle(mine.get().location().settings(), mine);
        }
        return new DatabaseHandle(EmbeddedDatabase.runningElsewhere(config.dataDir(), Duration.ofSeconds(60)).settings(), Optional.empty());
    }

    private static DatabaseHandle external(DatabaseUrl url) {
        return new DatabaseHandle(new ConnectionSettings(url.jdbcUrl(), url.user(), url.password()), Optional.empty());
    }

    public ConnectionSettings settings() {
        return settings;
    }

    public boolean embedded() {
        return owned.isPresent();
    }

    @Override
    public void close() {
        owned.ifPresent(EmbeddedDatabase::close);
    }
}
