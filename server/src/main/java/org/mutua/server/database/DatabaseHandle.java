package org.mutua.server.database;

import java.time.Duration;
import java.util.Optional;
import org.mutua.config.DatabaseUrl;
import org.mutua.config.MutuaConfig;
import org.mutua.server.security.SecretStore;

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
        EmbeddedDatabase db = EmbeddedDatabase.startIfFree(config.dataDir(), new SecretStore(config.secretsDir())).orElseThrow(() -> new DatabaseStartException(
            "another Mutua node is already running on " + config.dataDir() + "; stop it first or set MUTUA_DATA_DIR to another directory", null));
        return new DatabaseHandle(db.location().settings(), Optional.of(db));
    }

    /**
     * For admin commands: use the running node's PostgreSQL, or start the embedded one when the node is down. Only
     * {@code serve} makes a node's data: run from another folder or with other settings, an admin command finds none
     * and says where it looked, rather than making an empty database and answering from it.
     */
    public static DatabaseHandle forAdminCommand(MutuaConfig config) {
        DatabaseHandle handle;
        if (config.databaseUrl().isPresent()) {
            handle = external(config.databaseUrl().get());
        } else {
            if (!EmbeddedDatabase.initialised(config.dataDir())) {
                throw new DatabaseStartException("no node's data in " + config.dataDir() + " (looked for "
                    + config.dataDir().resolve("pgdata") + "); run admin commands with the node's MUTUA_DATA_DIR "
                    + "(or DATABASE_URL), or start the node once with `serve` to create its data", null);
            }
            Optional<EmbeddedDatabase> mine = EmbeddedDatabase.startIfFree(config.dataDir(), new SecretStore(config.secretsDir()));
            handle = mine.isPresent() ? new DatabaseHandle(mine.get().location().settings(), mine)
                : new DatabaseHandle(EmbeddedDatabase.runningElsewhere(config.dataDir(), new SecretStore(config.secretsDir()), Duration.ofSeconds(60)).settings(), Optional.empty());
        }
        try {
            if (!Migrations.hasRun(handle.settings())) {
                throw new DatabaseStartException("the database at " + handle.settings() + " has no node's data; run admin commands "
                    + "with the node's DATABASE_URL, or start the node once with `serve` to create its data", null);
            }
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
        return handle;
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
