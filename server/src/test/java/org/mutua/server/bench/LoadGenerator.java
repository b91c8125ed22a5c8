package org.mutua.server.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.mutua.federation.signatures.SignableRequest;

/**
 * POSTs pre-signed requests with a fixed number of concurrent connections (a keep-alive pool of that size, one request
 * in flight per connection) and records each request's latency, from the first byte written to the end of the answer.
 */
final class LoadGenerator {
    record Result(int sent, int accepted, int non2xx, int errors, long startNanos, long endNanos, long[] latenciesNanos,
                  java.util.Map<Integer, Integer> statuses, String firstError) {
        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }

        double acceptedPerSecond() {
            return accepted / seconds();
        }
    }

    private LoadGenerator() {
    }

    static Result run(Vertx vertx, List<SignableRequest> requests, int connections) throws InterruptedException {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(connections)
            .setConnectTimeout(10_000).setIdleTimeout(60), new PoolOptions().setHttp1MaxSize(connections));
        long[] latencies = new long[requests.size()];
        int[] status = new int[requests.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong lastEnd = new AtomicLong();
        String[] firstError = {null};
        CountDownLatch done = new CountDownLatch(requests.size());
        long start = System.nanoTime();
        Runnable[] loop = new Runnable[1];
        loop[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= requests.size()) {
                return;
            }
            SignableRequest r = requests.get(i);
            RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(r.target().toString()).setTimeout(60_000);
            r.headers().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("host")) {
                    values.forEach(v -> o.addHeader(name, v));
                }
            });
            r.header("host").ifPresent(h -> o.putHeader("Host", h));
            long t0 = System.nanoTime();
            client.request(o).compose(req -> req.send(Buffer.buffer(r.body()))).compose(resp -> {
                status[i] = resp.statusCode();
                return resp.body();
            }).onComplete(ar -> {
                long t1 = System.nanoTime();
                latencies[i] = t1 - t0;
                lastEnd.accumulateAndGet(t1, Math::max);
                if (ar.failed()) {
                    errors.incrementAndGet();
                    synchronized (firstError) {
                        if (firstError[0] == null) {
                            firstError[0] = ar.cause().toString();
                        }
                    }
                }
                done.countDown();
                loop[0].run();
            });
        };
        for (int c = 0; c < connections; c++) {
            vertx.runOnContext(v -> loop[0].run());
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("load did not finish");
        }
        client.close();
        int accepted = 0;
        int non2xx = 0;
        java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int s : status) {
            if (s >= 200 && s < 300) {
                accepted++;
            } else if (s != 0) {
                non2xx++;
            }
            statuses.merge(s, 1, Integer::sum);
        }
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Result(requests.size(), accepted, non2xx, errors.get(), start, lastEnd.get(), sorted, statuses, firstError[0]);
    }
}
