package org.mutua.federation.delivery;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Embedded PostgreSQL (migrated), a Vert.x per test, a pool, workers with a fast schedule, receivers. */
@ExtendWith(VertxExtension.class)
abstract class QueueTestSupport {
    static final String KEY_ID = "https://aid.example/actors/ada#main-key";
    static final KeyPair KEY = rsa();
    static final InetAddress LOOPBACK = ipv4(127, 0, 0, 1);
    static final SignerDirectory SIGNERS = keyId -> Future.succeededFuture(KEY_ID.equals(keyId) ? KEY.getPrivate() : null);
    /** Every inbox allowed, at 127.0.0.1, where the test receivers listen (whatever name the inbox URL gives). */
    static final AddressPolicy ALLOW_ALL = uri -> Future.succeededFuture(Optional.of(LOOPBACK));

    Vertx vertx;
    Pool pool;
    private final List<DeliveryWorker> workers = new ArrayList<>();
    private final List<Pool> pools = new ArrayList<>();

    @BeforeEach
    void setUpQueue(Vertx vertx) {
        this.vertx = vertx;
        TestDatabase.reset();
        pool = newPool();
    }

    @AfterEach
    void tearDownQueue() {
        for (DeliveryWorker w : workers) {
            await(w.stop());
        }
        for (Pool p : pools) {
            await(p.close());
        }
    }

    Pool newPool() {
        Pool p = TestDatabase.pool(vertx, 4);
        pools.add(p);
        return p;
    }

    /** Production settings except fast polling and a 100 ms retry delay. */
    static DeliveryOptions fast() {
        return new DeliveryOptions()
            .pollInterval(Duration.ofMillis(50))
            .retrySchedule(RetrySchedule.fixed(Duration.ofMillis(100)));
    }

    DeliveryWorker startWorker(DeliveryOptions options) {
        return startWorker(pool, options, ALLOW_ALL);
    }

    DeliveryWorker startWorker(Pool p, DeliveryOptions options, AddressPolicy policy) {
        DeliveryWorker w = await(DeliveryWorker.start(vertx, p, SIGNERS, policy, options));
        workers.add(w);
        return w;
    }

    static byte[] body(String activityId, String type, String objectId) {
        return ("{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"" + activityId + "\",\"type\":\""
            + type + "\",\"actor\":\"https://aid.example/actors/ada\",\"object\":\"" + objectId + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    }

    /** Enqueues inside a transaction, as the server does; answers the rows written. */
    int enqueue(String activityId, String type, String objectId, List<DeliveryRows.Recipient> recipients) {
        List<DeliveryRows.Row> rows = DeliveryRows.rows(activityId, type, objectId, body(activityId, type, objectId),
            KEY_ID, recipients);
        return await(pool.withTransaction(c -> DeliveryRows.enqueue(c, rows)));
    }

    /** Enqueues as the server's fan-out does: one statement, the body stored once and shared by the rows. */
    int enqueueAsOneFanOut(String activityId, String type, String objectId, List<DeliveryRows.Recipient> recipients) {
        List<DeliveryRows.Row> rows = DeliveryRows.rows(activityId, type, objectId, body(activityId, type, objectId),
            KEY_ID, recipients);
        List<Object> params = new ArrayList<>(DeliveryRows.manyParameters(rows));
        params.set(5, io.vertx.core.buffer.Buffer.buffer((byte[]) params.get(5)));
        String sql = DeliveryRows.INSERT_MANY_SQL_ORDINAL.replaceAll("\\?(\\d)", "\\$$1");
        return await(pool.withTransaction(c -> c.preparedQuery(sql).execute(io.vertx.sqlclient.Tuple.from(params)))
            .map(io.vertx.sqlclient.SqlResult::rowCount));
    }

    int enqueueTo(Receiver receiver, String activityId, String type, String objectId) {
        return enqueue(activityId, type, objectId, List.of(new DeliveryRows.Recipient(receiver.url("/inbox"), null)));
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void eventually(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + timeout.toMillis() + " ms: " + what);
            }
            sleep(Duration.ofMillis(20));
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static boolean allIn(String state) {
        var states = TestDatabase.states();
        return !states.isEmpty() && states.values().stream().allMatch(state::equals);
    }

    /** An IPv4 address from its four numbers, without any lookup. */
    static InetAddress ipv4(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
