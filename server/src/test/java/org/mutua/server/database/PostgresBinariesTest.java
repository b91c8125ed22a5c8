package org.mutua.server.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class PostgresBinariesTest {
    /** Entries a test adds to its archive. */
    interface Entries {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static byte[] archive(String... extraFiles) throws IOException {
        return archive(tar -> {
            for (String name : extraFiles) {
                file(tar, name, "x", 0644);
            }
        });
    }

    /** A small tar.xz shaped like zonky's: a bin/ program, a library, a symbolic link to it, and a hard link. */
    private static byte[] archive(Entries extra) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new XZOutputStream(bytes, new LZMA2Options()))) {
            tar.putArchiveEntry(new TarArchiveEntry("bin/"));
            tar.closeArchiveEntry();
            file(tar, "bin/postgres", "#!/bin/sh\necho postgres\n", 0644);
            file(tar, "lib/libpq.so.5.17", "library", 0644);
            TarArchiveEntry link = new TarArchiveEntry("lib/libpq.so.5", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("libpq.so.5.17");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            TarArchiveEntry hard = new TarArchiveEntry("lib/libpq.so", TarArchiveEntry.LF_LINK);
            hard.setLinkName("lib/libpq.so.5.17");
            tar.putArchiveEntry(hard);
            tar.closeArchiveEntry();
            extra.write(tar);
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, String content, int mode) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        e.setMode(mode);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static List<String> siblings(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void unpacksFilesLinksAndExecutableProgramsAndMarksTheDirectoryAsZonkyDoes(@TempDir Path work) throws Exception {
        byte[] txz = archive();
        Path target = work.resolve("PG-abc");

        PostgresBinaries.unpackOnce(target, () -> new ByteArrayInputStream(txz));

        assertEquals("#!/bin/sh\necho postgres\n", Files.readString(target.resolve("bin/postgres")));
        assertTrue(Files.isExecutable(target.resolve("bin/postgres")), "zonky runs bin/ programs");
        assertTrue(Files.isSymbolicLink(target.resolve("lib/libpq.so.5")));
        assertEquals("library", Files.readString(target.resolve("lib/libpq.so.5")));
        assertEquals("library", Files.readString(target.resolve("lib/libpq.so")));
        assertTrue(Files.exists(target.resolve(PostgresBinaries.DONE_MARKER)), "zonky skips its own unpacking");
        assertEquals(List.of("PG-abc", "PG-abc.unpack-lock"), siblings(work), "no partial directory is left behind");
    }

    @Test
    void aDirectoryHalfUnpackedByAnEarlierCrashIsReplaced(@TempDir Path work) throws Exception {
        Path target = work.resolve("PG-abc");
        Files.createDirectories(target.resolve("bin"));
        Files.writeString(target.resolve("bin/postgres"), "trunc"); // what an OutOfMemoryError mid-unpack leaves
        Files.writeString(target.resolve("stale"), "from the crashed start");

        PostgresBinaries.unpackOnce(target, () -> new ByteArrayInputStream(archive()));

        assertEquals("#!/bin/sh\necho postgres\n", Files.readString(target.resolve("bin/postgres")));
        assertFalse(Files.exists(target.resolve("stale")));
        assertTrue(Files.exists(target.resolve(PostgresBinaries.DONE_MARKER)));
    }

    /** What zonky does while it unpacks in another JVM: holds target/epg-lock, then marks the directory and lets go. */
    public static final class ZonkyUnpacking {
        public static void main(String[] args) throws Exception {
            Path target = Path.of(args[0]);
            try (var channel = java.nio.channels.FileChannel.open(target.resolve("epg-lock"),
                     java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                 var lock = channel.lock()) {
                System.out.println("locked");
                System.out.flush();
                Thread.sleep(1500);
                Files.writeString(target.resolve("bin/postgres"), "zonky's");
                Files.createFile(target.resolve(PostgresBinaries.DONE_MARKER));
            }
        }
    }

    @Test
    void aZonkyUnpackingInAnotherProcessIsWaitedForAndKept(@TempDir Path work) throws Exception {
        Path target = work.resolve("PG-abc");
        Files.createDirectories(target.resolve("bin"));
        Process zonky = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
            System.getProperty("java.class.path"), ZonkyUnpacking.class.getName(), target.toString()).redirectErrorStream(true).start();
        try {
            assertEquals("locked", new java.io.BufferedReader(new java.io.InputStreamReader(zonky.getInputStream())).readLine());
            AtomicInteger opened = new AtomicInteger();
            PostgresBinaries.unpackOnce(target, () -> {
                opened.incrementAndGet();
                return new ByteArrayInputStream(archive());
            });
            assertEquals(0, opened.get(), "not unpacked a second time");
            assertEquals("zonky's", Files.readString(target.resolve("bin/postgres")));
        } finally {
            zonky.destroyForcibly();
        }
    }

    @Test
    void finishedBinariesAreNotUnpackedAgain(@TempDir Path work) throws Exception {
        byte[] txz = archive();
        Path target = work.resolve("PG-abc");
        AtomicInteger opened = new AtomicInteger();
        PostgresBinaries.unpackOnce(target, () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(txz);
        });
        PostgresBinaries.unpackOnce(target, () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(txz);
        });
        assertEquals(1, opened.get());
    }

    @Test
    void entriesThatWouldLeaveTheDirectoryAreRefusedAndNothingIsKept(@TempDir Path work) throws Exception {
        Path target = work.resolve("PG-abc");
        Entries throughALink = tar -> {
            TarArchiveEntry link = new TarArchiveEntry("share/out", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName(work.toString());
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            file(tar, "share/out/escaped", "x", 0644);
        };
        Entries hardLinkOut = tar -> {
            TarArchiveEntry hard = new TarArchiveEntry("lib/passwd", TarArchiveEntry.LF_LINK);
            hard.setLinkName("../../etc/passwd");
            tar.putArchiveEntry(hard);
            tar.closeArchiveEntry();
        };
        for (byte[] txz : List.of(archive("../escaped"), archive("bin/../../escaped"), archive(throughALink), archive(hardLinkOut))) {
            IOException e = assertThrows(IOException.class, () -> PostgresBinaries.unpackOnce(target, () -> new ByteArrayInputStream(txz)));
            assertTrue(e.getMessage().contains("outside the directory"), e.getMessage());
            assertFalse(Files.exists(work.resolve("escaped")));
            assertEquals(List.of("PG-abc.unpack-lock"), siblings(work), "neither the target nor a partial directory is kept");
        }
    }

    @Test
    void aTruncatedArchiveFailsWithoutMarkingAnything(@TempDir Path work) throws Exception {
        byte[] txz = archive();
        byte[] cut = java.util.Arrays.copyOf(txz, txz.length / 2);
        Path target = work.resolve("PG-abc");
        assertThrows(IOException.class, () -> PostgresBinaries.unpackOnce(target, () -> new ByteArrayInputStream(cut)));
        assertFalse(Files.exists(target));
        assertEquals(List.of("PG-abc.unpack-lock"), siblings(work));
    }

    @Test
    void zonkysArchiveIsUnpackedIntoTheDirectoryZonkyLooksFor(@TempDir Path work) throws Exception {
        PostgresBinaries binaries = new PostgresBinaries(work);
        try (var ignored = binaries.getPgBinary("Linux", "x86_64")) {
            Path dir;
            try (Stream<Path> s = Files.list(work)) {
                dir = s.filter(p -> p.getFileName().toString().matches("PG-[0-9a-f]{32}")).findFirst().orElseThrow();
            }
            assertTrue(Files.isExecutable(dir.resolve("bin/postgres")));
            assertTrue(Files.exists(dir.resolve(PostgresBinaries.DONE_MARKER)));
        }
    }
}
