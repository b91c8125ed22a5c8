package org.mutua.server.security;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Argon2id (password4j) with OWASP's minimum parameters: 19 MiB, 2 iterations, 1 lane. Hashing is CPU-heavy, so it
 * always runs on a worker thread, never on the event loop.
 */
public final class PasswordHasher {
    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);
    /** Verified against when the username is unknown, so timing does not tell which names exist. */
    private static final String DUMMY = Password.hash("no such member, constant work").addRandomSalt(16).with(ARGON2ID).getResult();

    private final Vertx vertx;

    public PasswordHasher(Vertx vertx) {
        this.vertx = vertx;
    }

    public Future<String> hash(String password) {
        return vertx.executeBlocking(() -> Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult(), false);
    }

    public Future<Boolean> verify(String password, String hash) {
        String stored = hash == null ? DUMMY : hash;
        return vertx.executeBlocking(() -> Password.check(password, stored).with(Argon2Function.getInstanceFromHash(stored)) && hash != null, false);
    }
}
