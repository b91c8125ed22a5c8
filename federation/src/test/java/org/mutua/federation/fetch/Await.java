package org.mutua.federation.fetch;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Blocking waits for the test thread only (never an event loop). */
final class Await {
    private Await() {
    }

    static <T> T result(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected success, failed with " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The failure reason of a future expected to fail with a {@link FetchException}. */
    static String reason(Future<?> f) {
        try {
            Object v = f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            return fail("expected a failure, got " + v);
        } catch (ExecutionException e) {
            assertInstanceOf(FetchException.class, e.getCause(), () -> "not a FetchException: " + e.getCause());
            return ((FetchException) e.getCause()).reason();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
