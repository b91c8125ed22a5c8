package org.mutua.server.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    /** Written by password4j 1.8.4 (Argon2id, 19 MiB, t=2, p=1), which earlier versions of Mutua stored. */
    private static final String FROM_PASSWORD4J =
        "$argon2id$v=19$m=19456,t=2,p=1$ns42xQFHQSSPE5iqP0hLgA$sCmJphxPJZeDE+bY9x8wtH+t5Y18flp06J7AwJSZImU";

    @Test
    void hashesStoredByEarlierVersionsStillVerify() {
        assertTrue(PasswordHasher.matches("correct horse battery staple", FROM_PASSWORD4J));
        assertFalse(PasswordHasher.matches("correct horse battery stapler", FROM_PASSWORD4J));
    }

    @Test
    void aNewHashIsArgon2idWithOwaspParametersAndAFreshSalt() {
        String a = PasswordHasher.hashNow("una contraseña larga");
        String b = PasswordHasher.hashNow("una contraseña larga");

        assertTrue(a.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), a);
        assertNotEquals(a, b, "a fresh salt each time");
        assertTrue(PasswordHasher.matches("una contraseña larga", a));
        assertFalse(PasswordHasher.matches("una contrasena larga", a));
    }

    @Test
    void hashesRunOneAtATimeOnTheirOwnPool() throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            PasswordHasher hasher = new PasswordHasher(vertx);
            assertTrue(hasher.verify("correct horse battery staple", FROM_PASSWORD4J)
                .toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS));
            // A shared executor of the same name is the hasher's own pool (the size asked here is ignored): two
            // unordered tasks on it never overlap when that pool has one thread.
            var pool = vertx.createSharedWorkerExecutor("mutua-password-hashing", 8);
            var running = new java.util.concurrent.atomic.AtomicInteger();
            var most = new java.util.concurrent.atomic.AtomicInteger();
            java.util.List<io.vertx.core.Future<Object>> tasks = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                tasks.add(pool.executeBlocking(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.sleep(200);
                    running.decrementAndGet();
                    return null;
                }, false));
            }
            for (var t : tasks) {
                t.toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertTrue(most.get() == 1, "tasks overlapped: " + most.get());
        } finally {
            vertx.close();
        }
    }

    @Test
    void malformedOrExtravagantStoredHashesNeverMatch() {
        String salt = "ns42xQFHQSSPE5iqP0hLgA";
        String hash = "sCmJphxPJZeDE+bY9x8wtH+t5Y18flp06J7AwJSZImU";
        for (String stored : new String[] {
            "", "plain text", "$argon2id$v=19$m=19456,t=2,p=1$" + salt, "$2a$10$abcdefghijklmnopqrstuv",
            "$argon2id$v=19$m=9999999,t=2,p=1$" + salt + "$" + hash, // 9.5 GiB: refused before allocating
            "$argon2id$v=19$m=19456,t=0,p=1$" + salt + "$" + hash,
            "$argon2id$v=19$m=19456,t=99,p=1$" + salt + "$" + hash,
            "$argon2id$v=19$m=19456,t=2,p=0$" + salt + "$" + hash,
            "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + hash + "\n",
            "$argon2id$v=19$m=19456,t=2,p=1$!!!!!!!!!!!!!!!!!!!!!!$" + hash,
        }) {
            assertFalse(PasswordHasher.matches("correct horse battery staple", stored), stored);
        }
    }
}
