package org.mutua.server.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id with OWASP's minimum parameters: 19 MiB, 2 iterations, 1 lane, stored as the PHC string
 * {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash} (the format password4j wrote before, so existing hashes verify).
 * Bouncy Castle allocates the 19 MiB per hash and frees it after; password4j kept a zeroed 19 MiB template on the
 * heap for as long as the process ran, a fifth of the node's heap. Hashing is CPU-heavy, so it always runs on a
 * worker thread, never on the event loop, and one hash at a time.
 */
public final class PasswordHasher {
    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int LANES = 1;
    private static final int HASH_BYTES = 32;
    private static final int SALT_BYTES = 16;
    /** Limits on a stored hash's parameters, so a forged row cannot make one login allocate gigabytes. */
    private static final int MAX_MEMORY_KIB = 256 * 1024;
    private static final int MAX_ITERATIONS = 16;
    private static final Pattern PHC = Pattern.compile(
        "\\$argon2(id|i|d)\\$v=(16|19)\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{22,88})");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Verified against when the username is unknown, so timing does not tell which names exist. */
    private static final String DUMMY = hashNow("no such member, constant work");

    /**
     * Hashes run one at a time on their own worker thread: each needs 19 MiB of heap while it runs, so a burst of
     * logins must queue rather than take a small node's heap (and the shared worker threads) with them.
     */
    private final WorkerExecutor oneAtATime;

    public PasswordHasher(Vertx vertx) {
        this.oneAtATime = vertx.createSharedWorkerExecutor("mutua-password-hashing", 1);
    }

    public Future<String> hash(String password) {
        return oneAtATime.executeBlocking(() -> hashNow(password), true);
    }

    public Future<Boolean> verify(String password, String hash) {
        String stored = hash == null ? DUMMY : hash;
        return oneAtATime.executeBlocking(() -> matches(password, stored) && hash != null, true);
    }

    static String hashNow(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] out = argon2(Argon2Parameters.ARGON2_id, Argon2Parameters.ARGON2_VERSION_13, MEMORY_KIB, ITERATIONS, LANES, salt,
            password, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + LANES + "$" + b64.encodeToString(salt) + "$"
            + b64.encodeToString(out);
    }

    /** False for a wrong password and for anything that is not a well-formed Argon2 PHC string within the limits. */
    static boolean matches(String password, String stored) {
        Matcher m = PHC.matcher(stored);
        if (!m.matches()) {
            return false;
        }
        int type = switch (m.group(1)) {
            case "id" -> Argon2Parameters.ARGON2_id;
            case "i" -> Argon2Parameters.ARGON2_i;
            default -> Argon2Parameters.ARGON2_d;
        };
        int version = m.group(2).equals("19") ? Argon2Parameters.ARGON2_VERSION_13 : Argon2Parameters.ARGON2_VERSION_10;
        int memory = Integer.parseInt(m.group(3));
        int iterations = Integer.parseInt(m.group(4));
        int lanes = Integer.parseInt(m.group(5));
        if (memory > MAX_MEMORY_KIB || iterations < 1 || iterations > MAX_ITERATIONS || lanes < 1 || memory < 8 * lanes) {
            return false;
        }
        byte[] salt;
        byte[] expected;
        try {
            salt = Base64.getDecoder().decode(m.group(6));
            expected = Base64.getDecoder().decode(m.group(7));
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] actual = argon2(type, version, memory, iterations, lanes, salt, password, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] argon2(int type, int version, int memoryKib, int iterations, int lanes, byte[] salt, String password,
                                 int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(type).withVersion(version).withMemoryAsKB(memoryKib)
            .withIterations(iterations).withParallelism(lanes).withSalt(salt).build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
