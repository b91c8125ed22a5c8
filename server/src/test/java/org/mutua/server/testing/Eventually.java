package org.mutua.server.testing;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for something the node does after a 202 (inbound jobs, deliveries), polling every 50 ms. */
public final class Eventually {
    private Eventually() {
    }

    public static void until(String what, BooleanSupplier done) throws InterruptedException {
        until(what, 20, done);
    }

    public static void until(String what, int seconds, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (done.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
    }
}
