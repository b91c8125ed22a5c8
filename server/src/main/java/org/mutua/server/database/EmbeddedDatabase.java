package org.mutua.server.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.mutua.server.security.SecretStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a real PostgreSQL whose data lives in {@code data-dir/pgdata} and survives restarts.
 *
 * <p>One process owns a data directory at a time, proven by an OS file lock on {@code data-dir/mutua.lock} (released
 * by the kernel even after {@code kill -9}). Whoever takes the lock and finds a PostgreSQL still running on the
 * directory knows it is an orphan of a process that died hard, stops it, and starts a fresh one. Whoever cannot take
 * the lock knows a live node owns the database and connects to its PostgreSQL (the admin CLI does this).
 *
 * <p>Every connection needs the password kept with the node's secrets ({@value #PASSWORD_SECRET}), also on
 * 127.0.0.1: any local user or process could otherwise read and write every member's data. initdb writes a
 * pg_hba.conf that trusts every local connection; the first start (of a new directory, or of one made before) sets
 * the password over that trust, then replaces pg_hba.conf and reloads it.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    static final String PASSWORD_SECRET = "postgres.password";
    /** The first line of the pg_hba.conf Mutua writes: a directory whose file starts so needs no upgrade. */
    static final String HBA_MARK = "# Written by Mutua: every connection needs the password in the node's secrets (" + PASSWORD_SECRET + ").";
    private static final String HBA = HBA_MARK + "\n"
        + "local all all scram-sha-256\n"
        + "host all all 127.0.0.1/32 scram-sha-256\n"
        + "host all all ::1/128 scram-sha-256\n";

    private final EmbeddedPostgres postgres;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, FileChannel lockChannel, FileLock lock, String password) {
        this.postgres = postgres;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.password = password;
    }

    /** Where the database of a data directory is reached, whoever started it. */
    public record Location(String host, int port, String password) {
        public ConnectionSettings settings() {
            return new ConnectionSettings("jdbc:postgresql://" + host + ":" + port + "/postgres", "postgres", password);
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** Whether a node has made its PostgreSQL in this data directory (initdb writes PG_VERSION). */
    public static boolean initialised(Path dataDir) {
        return Files.isRegularFile(dataDir.resolve("pgdata").resolve("PG_VERSION"));
    }

    /**
     * Takes ownership of the data directory and starts its PostgreSQL, or answers empty when another live process
     * owns it (then use {@link #runningElsewhere(Path, Duration)}).
     */
    public static Optional<EmbeddedDatabase> startIfFree(Path dataDir, SecretStore secrets) {
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(dataDir.resolve("mutua.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            Path pgdata = dataDir.resolve("pgdata");
            stopOrphan(pgdata);
            boolean protectedBefore = passwordRequired(pgdata);
            if (protectedBefore && !secrets.has(PASSWORD_SECRET)) {
                channel.close();
                throw new DatabaseStartException("the embedded PostgreSQL in " + pgdata + " needs its password, kept in "
                    + secrets.directory().resolve(PASSWORD_SECRET) + ", which is missing; set MUTUA_SECRETS_DIR to the node's secrets", null);
            }
            String password = HexFormat.of().formatHex(secrets.secret(PASSWORD_SECRET, 24));
            EmbeddedPostgres pg = start(pgdata, password);
            EmbeddedDatabase db = new EmbeddedDatabase(pg, channel, lock, password);
            if (!protectedBefore) {
                try {
                    requirePassword(pg.getPort(), pgdata, password);
                } catch (IOException | SQLException | RuntimeException e) {
                    db.close();
                    throw new DatabaseStartException("cannot set the password of the embedded PostgreSQL in " + pgdata + ": " + e.getMessage(), e);
                }
            }
            LOG.info("embedded PostgreSQL started on 127.0.0.1:{} with data in {}", pg.getPort(), pgdata);
            return Optional.of(db);
        } catch (IOException e) {
            throw new DatabaseStartException("cannot start the embedded PostgreSQL in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Zonky checks that the server is up with a connection of its own, which must bring the password too. */
    private static EmbeddedPostgres start(Path pgdata, String password) throws IOException {
        PostgresBinaries binaries = PostgresBinaries.inZonkysWorkingDirectory();
        try {
            return EmbeddedPostgres.builder()
                .setPgBinaryResolver(binaries)
                .setOverrideWorkingDirectory(binaries.workingDirectory().toFile())
                .setDataDirectory(pgdata)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "50")
                .setConnectConfig("password", password)
                .start();
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("root") || String.valueOf(e.getCause()).contains("root")) {
                throw new DatabaseStartException("PostgreSQL refuses to run as root and this machine has no user namespaces: "
                    + "run Mutua as an unprivileged user, or set DATABASE_URL to an external PostgreSQL", e);
            }
            throw e;
        }
    }

    /** Whether this directory's PostgreSQL already asks for the password (pg_hba.conf written by us). */
    static boolean passwordRequired(Path pgdata) throws IOException {
        Path hba = pgdata.resolve("pg_hba.conf");
        return Files.isRegularFile(hba) && Files.readString(hba).startsWith(HBA_MARK);
    }

    /**
     * Over initdb's trust, once: sets the password, then makes PostgreSQL ask for it. A crash in between leaves the
     * trust in place, and the next start does both again.
     */
    private static void requirePassword(int port, Path pgdata, String password) throws IOException, SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("ALTER ROLE postgres PASSWORD '" + password + "'"); // hex digits only: nothing to escape
            Path hba = pgdata.resolve("pg_hba.conf");
            Path tmp = pgdata.resolve("pg_hba.conf.mutua-tmp");
            Files.writeString(tmp, HBA);
            Files.move(tmp, hba, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            s.execute("SELECT pg_reload_conf()");
        }
        LOG.info("the embedded PostgreSQL in {} now requires its password", pgdata);
    }

    /** A PostgreSQL left running on this directory by a process that was killed hard is stopped before ours starts. */
    static void stopOrphan(Path pgdata) throws IOException {
        Optional<ProcessHandle> orphan = postmaster(pgdata);
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle p = orphan.get();
        LOG.warn("stopping the PostgreSQL (pid {}) left running on {} by a node that did not shut down cleanly", p.pid(), pgdata);
        p.destroy(); // SIGTERM: its clients died with their process, so a smart shutdown ends at once
        try {
            p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("orphaned PostgreSQL (pid {}) did not stop in 30 s; killing it", p.pid());
            p.destroyForcibly();
            try {
                p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception again) {
                throw new DatabaseStartException("cannot stop the orphaned PostgreSQL pid " + p.pid() + " on " + pgdata, again);
            }
        }
    }

    /** The live postmaster of a data directory, from its postmaster.pid, if any. */
    static Optional<ProcessHandle> postmaster(Path pgdata) throws IOException {
        Path pidFile = pgdata.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
            .filter(h -> h.info().command().map(c -> c.endsWith("postgres")).orElse(true));
    }

    /**
     * The PostgreSQL of a data directory owned by another live process (a running node), waiting for it to come up.
     * Its port is the fourth line of postmaster.pid.
     */
    public static Location runningElsewhere(Path dataDir, SecretStore secrets, Duration wait) {
        Path pgdata = dataDir.resolve("pgdata");
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                Path pidFile = pgdata.resolve("postmaster.pid");
                if (postmaster(pgdata).isPresent()) {
                    List<String> lines = Files.readAllLines(pidFile);
                    if (lines.size() >= 8 && lines.get(7).trim().equals("ready")) {
                        return new Location("127.0.0.1", Integer.parseInt(lines.get(3).trim()), password(secrets));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // the file is being written; look again
            }
            if (System.nanoTime() > deadline) {
                throw new DatabaseStartException("another Mutua process holds " + dataDir + " but its PostgreSQL is not running; "
                    + "wait for it to finish starting or stop it", null);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatabaseStartException("interrupted while waiting for the database", e);
            }
        }
    }

    /** The password of a PostgreSQL another process started; read, never made, since a made one could not match. */
    private static String password(SecretStore secrets) {
        if (!secrets.has(PASSWORD_SECRET)) {
            throw new DatabaseStartException("the running node's database password, " + secrets.directory().resolve(PASSWORD_SECRET)
                + ", is missing; run admin commands with the node's MUTUA_SECRETS_DIR", null);
        }
        return HexFormat.of().formatHex(secrets.secret(PASSWORD_SECRET, 24));
    }

    public Location location() {
        return new Location("127.0.0.1", postgres.getPort(), password);
    }

    @Override
    public void close() {
        try {
            postgres.close();
            LOG.info("embedded PostgreSQL stopped");
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException ignored) {
                // the kernel releases it when the process exits
            }
        }
    }
}
