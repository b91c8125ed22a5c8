package org.mutua.federation.delivery;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A real HTTP server on 127.0.0.1 (by default) that verifies nothing: it records each request and answers as told. */
final class Receiver {
    /**
     * What the receiver answers: status, optional Retry-After, optional delay before answering, or else optionally a
     * gate the answer waits for (so a test decides when a request ends, instead of racing a delay).
     */
    record Answer(int status, String retryAfter, Duration delay, int bodyBytes, String location, Future<Void> gate) {
        Answer(int status, String retryAfter, Duration delay, int bodyBytes, String location) {
            this(status, retryAfter, delay, bodyBytes, location, null);
        }

        Answer(int status, String retryAfter, Duration delay) {
            this(status, retryAfter, delay, 0, null);
        }

        static Answer of(int status) {
            return new Answer(status, null, Duration.ZERO);
        }

        /** {@code status}, once {@code gate} completes. */
        static Answer when(Future<Void> gate, int status) {
            return new Answer(status, null, Duration.ZERO, 0, null, gate);
        }
    }

    /** One request as received. */
    record Received(long nanos, String method, String path, MultiMap headers, byte[] body) {
        String activityId() {
            return new JsonObject(new String(body, java.nio.charset.StandardCharsets.UTF_8)).getString("id");
        }

        boolean rfc9421() {
            return headers.contains("Signature-Input");
        }
    }

    final List<Received> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    volatile Function<Received, Answer> responder = r -> Answer.of(202);
    private final Vertx vertx;
    private HttpServer server;

    Receiver(Vertx vertx) {
        this.vertx = vertx;
    }

    static Receiver start(Vertx vertx) throws Exception {
        return start(vertx, "127.0.0.1", 0);
    }

    /** On another loopback address or a fixed port (port 0: any free one). */
    static Receiver start(Vertx vertx, String address, int port) throws Exception {
        Receiver r = new Receiver(vertx);
        r.server = vertx.createHttpServer(new HttpServerOptions().setHost(address).setPort(port))
            .requestHandler(req -> req.body().onSuccess(body -> {
                int now = r.inFlight.incrementAndGet();
                r.maxInFlight.accumulateAndGet(now, Math::max);
                Received rec = new Received(System.nanoTime(), req.method().name(), req.path(),
                    MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), body.getBytes());
                r.requests.add(rec);
                Answer a = r.responder.apply(rec);
                Runnable answer = () -> {
                    r.inFlight.decrementAndGet();
                    var resp = req.response().setStatusCode(a.status());
                    if (a.retryAfter() != null) {
                        resp.putHeader("Retry-After", a.retryAfter());
                    }
                    if (a.location() != null) {
                        resp.putHeader("Location", a.location());
                    }
                    if (a.bodyBytes() > 0) {
                        resp.end(io.vertx.core.buffer.Buffer.buffer(new byte[a.bodyBytes()]))
                            .onFailure(e -> { /* the client reset the stream */ });
                    } else {
                        resp.end();
                    }
                };
                if (a.gate() != null) {
                    Context here = vertx.getOrCreateContext();
                    a.gate().onComplete(done -> here.runOnContext(v -> answer.run()));
                } else if (a.delay().isZero()) {
                    answer.run();
                } else {
                    vertx.setTimer(a.delay().toMillis(), t -> answer.run());
                }
            }))
            .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return r;
    }

    int port() {
        return server.actualPort();
    }

    String host() {
        return "127.0.0.1:" + port();
    }

    String url(String path) {
        return "http://" + host() + path;
    }

    List<String> activityIds() {
        return requests.stream().map(Received::activityId).toList();
    }
}
