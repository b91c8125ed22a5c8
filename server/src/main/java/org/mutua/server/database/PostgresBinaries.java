package org.mutua.server.database;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * Unpacks the embedded PostgreSQL's binaries as a stream, before zonky looks for them.
 *
 * <p>Zonky's own unpacking holds the whole archive and then every unpacked file in the heap at once (about 90 MB for
 * PostgreSQL 17), so the first start on a new machine died of {@code OutOfMemoryError} under the shipped
 * {@code -Xmx80m}, and left a half-unpacked directory that made every later start fail too. This resolver is handed
 * to zonky: when zonky asks for the archive, the binaries are first unpacked with a fixed 64 KiB buffer into a
 * temporary sibling directory, marked as zonky marks them ({@code .exists}) and moved into place in one step, so zonky
 * finds them ready and never unpacks; a directory left half-unpacked by an earlier crash is replaced. Zonky still reads
 * the 15 MB archive once to name the directory after its digest.
 *
 * <p>Zonky's caches are keyed by the resolver, so this is a record: one per working directory.
 */
record PostgresBinaries(Path workingDirectory) implements PgBinaryResolver {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);
    /** Zonky's marker of a finished unpack, in the binaries' directory. */
    static final String DONE_MARKER = ".exists";
    private static final Object UNPACKING = new Object();

    /** Zonky's working directory, as zonky chooses it: {@code ot.epg.working-dir}, else {@code java.io.tmpdir/embedded-pg}. */
    static PostgresBinaries inZonkysWorkingDirectory() {
        Path fallback = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
        return new PostgresBinaries(Path.of(System.getProperty("ot.epg.working-dir", fallback.toString())));
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        PgBinaryResolver archives = DefaultPostgresBinaryResolver.INSTANCE;
        String digest;
        try (InputStream archive = archives.getPgBinary(system, machineHardware)) {
            if (archive == null) {
                return null; // zonky says there is no PostgreSQL for this system
            }
            digest = md5(archive);
        }
        // zonky names the directory PG-<md5 of the archive> under its working directory
        Path target = workingDirectory.resolve("PG-" + digest);
        if (!Files.exists(target.resolve(DONE_MARKER))) {
            synchronized (UNPACKING) {
                unpackOnce(target, () -> archives.getPgBinary(system, machineHardware));
            }
        }
        return archives.getPgBinary(system, machineHardware);
    }

    interface ArchiveSource {
        InputStream open() throws IOException;
    }

    /** Unpacks into {@code target} unless another process did meanwhile; a lock file keeps processes apart. */
    static void unpackOnce(Path target, ArchiveSource source) throws IOException {
        Files.createDirectories(target.getParent());
        Path lockFile = target.resolveSibling(target.getFileName() + ".unpack-lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (Files.exists(target.resolve(DONE_MARKER)) || zonkyFinishedUnpacking(target)) {
                return;
            }
            Path partial = Files.createTempDirectory(target.getParent(), target.getFileName() + ".partial-");
            if (partial.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x")); // as zonky's own
            }
            try {
                LOG.info("unpacking the embedded PostgreSQL's binaries into {} (once per machine)", target);
                try (InputStream archive = source.open()) {
                    unpackTxz(archive, partial);
                }
                Files.createFile(partial.resolve(DONE_MARKER));
                if (Files.exists(target)) {
                    LOG.warn("replacing the half-unpacked PostgreSQL binaries in {} left by an earlier start", target);
                    deleteTree(target);
                }
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                if (Files.exists(partial)) {
                    deleteTree(partial);
                }
            }
        }
    }

    /**
     * Waits for a zonky that is unpacking into {@code target} in another process (a test JVM uses zonky's own
     * unpacking; it holds {@code epg-lock} in the directory meanwhile) and answers whether it finished; if not, the
     * directory is a leftover to replace.
     */
    private static boolean zonkyFinishedUnpacking(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(target.resolve("epg-lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            return Files.exists(target.resolve(DONE_MARKER));
        }
    }

    /** A tar.xz archive into {@code dir}, one entry at a time through one buffer; entries may not leave {@code dir}. */
    static void unpackTxz(InputStream archive, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        Path realRoot = root.toRealPath();
        byte[] buffer = new byte[64 * 1024];
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(archive, 64 * 1024)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = root.resolve(entry.getName()).normalize();
                if (!path.startsWith(root)) {
                    throw new IOException("archive entry outside the directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                // an earlier symbolic link in the archive must not lead a later entry out of the directory
                if (!path.getParent().toRealPath().startsWith(realRoot)) {
                    throw new IOException("archive entry outside the directory: " + entry.getName());
                }
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Path linked = root.resolve(entry.getLinkName()).normalize();
                    if (!linked.startsWith(root)) {
                        throw new IOException("archive link outside the directory: " + entry.getLinkName());
                    }
                    Files.createLink(path, linked);
                } else if (entry.isFile()) {
                    try (OutputStream out = Files.newOutputStream(path)) {
                        int n;
                        while ((n = tar.read(buffer)) > 0) {
                            out.write(buffer, 0, n);
                        }
                    }
                    // zonky makes bin/ executable; the archive's own mode says the same for its libraries' helpers
                    if ((entry.getMode() & 0111) != 0 || root.relativize(path).startsWith("bin")) {
                        path.toFile().setExecutable(true);
                    }
                } else {
                    throw new IOException("unsupported archive entry: " + entry.getName());
                }
            }
        }
    }

    private static String md5(InputStream in) throws IOException {
        try {
            DigestInputStream digesting = new DigestInputStream(in, MessageDigest.getInstance("MD5"));
            digesting.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digesting.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
