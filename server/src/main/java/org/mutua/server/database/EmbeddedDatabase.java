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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a real PostgreSQL whose data lives in {@code data-dir/pgdata} and survives restarts.
 *
 * <p>One process owns a data directory at a time, proven by an OS file lock on {@code data-dir/mutua.lock} (released
 * by the kernel even after {@code kill -9}). Whoever takes the lock and finds a PostgreSQL still running on the
 * directory knows it is an orphan of a process that died hard, stops it, and starts a fresh one. Whoever cannot take
 * the lock knows a live node owns the database and connects to its PostgreSQL (the admin CLI does this).
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private EmbeddedDatabase(EmbeddedPostgres postgres, FileChannel lockChannel, FileLock lock) {
        this.postgres = postgres;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Where the database of a data directory is reached, whoever started it. */
    public record Location(String host, int port) {
        public ConnectionSettings settings() {
            return new ConnectionSettings("jdbc:postgresql://" + host + ":" + port + "/postgres", "postgres", "");
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
    public static Optional<EmbeddedDatabase> startIfFree(Path dataDir) {
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
            EmbeddedPostgres pg = start(pgdata);
            LOG.info("embedded PostgreSQL started on 127.0.0.1:{} with data in {}", pg.getPort(), pgdata);
            return Optional.of(new EmbeddedDatabase(pg, channel, lock));
        } catch (IOException e) {
            throw new DatabaseStartException("cannot start the embedded PostgreSQL in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgres start(Path pgdata) throws IOException {
        PostgresBinaries binaries = PostgresBinaries.inZonkysWorkingDirectory();
        try {
            return EmbeddedPostgres.builder()
                .setPgBinaryResolver(binaries)
                .setOverrideWorkingDirectory(binaries.workingDirectory().toFile())
                .setDataDirectory(pgdata)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "50")
                .start();
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("root") || String.valueOf(e.getCause()).contains("root")) {
                throw new DatabaseStartException("PostgreSQL refuses to run as root and this machine has no user namespaces: "
                    + "run Mutua as an unprivileged user, or set DATABASE_URL to an external PostgreSQL", e);
            }
            throw e;
        }
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
    public static Location runningElsewhere(Path dataDir, Duration wait) {
        Path pgdata = dataDir.resolve("pgdata");
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                Path pidFile = pgdata.resolve("postmaster.pid");
                if (postmaster(pgdata).isPresent()) {
                    List<String> lines = Files.readAllLines(pidFile);
                    if (lines.size() >= 8 && lines.get(7).trim().equals("ready")) {
                        return new Location("127.0.0.1", Integer.parseInt(lines.get(3).trim()));
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

    public Location location() {
        return new Location("127.0.0.1", postgres.getPort());
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
