package org.mutua.server.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secret key material kept in files under the secrets directory (MUTUA_SECRETS_DIR), created on first start with
 * owner-only permissions. Read once at start-up, before the event loop serves anything.
 */
public final class SecretStore {
    private final Path dir;

    public SecretStore(Path dir) {
        this.dir = dir;
    }

    /** Whether the named secret has been made (a reader that must not make one looks first). */
    public boolean has(String name) {
        return Files.isRegularFile(dir.resolve(name));
    }

    /** Where the secrets are kept, for messages. */
    public Path directory() {
        return dir;
    }

    /** The named secret of the given size, made on first use. */
    public byte[] secret(String name, int bytes) {
        Path file = dir.resolve(name);
        try {
            if (Files.isRegularFile(file)) {
                byte[] value = Base64.getDecoder().decode(Files.readString(file).trim());
                if (value.length < bytes) {
                    throw new IllegalStateException("secret " + file + " is shorter than " + bytes + " bytes; delete it to make a new one");
                }
                return value;
            }
            Files.createDirectories(dir);
            trySetPermissions(dir, "rwx------");
            byte[] value = new byte[bytes];
            new SecureRandom().nextBytes(value);
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            trySetPermissions(tmp, "rw-------");
            Files.writeString(tmp, Base64.getEncoder().encodeToString(value));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return value;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the secret " + file + ": " + e.getMessage(), e);
        }
    }

    private static void trySetPermissions(Path p, String perms) throws IOException {
        if (Files.getFileStore(p).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        }
    }

}
