package org.mutua.server.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.mutua.federation.signatures.SignableRequest;

/**
 * POSTs pre-signed requests with a fixed number of keep-alive connections, one request in flight on each, and records
 * each request's latency, from the first byte written to the end of the answer.
 *
 * <p>Like wrk, it writes requests encoded before the clock starts, on one Netty event loop with Netty's response
 * decoder: the load generator shares the two cores with the server under test, and Vert.x's HTTP client (headers
 * map, request object, pool and promises per request) took 0.14–0.16 ms of CPU a request, a fifth of the whole
 * machine's work at 2,000 requests a second. The same generator loads Mutua and Fedify.
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

        /** Two runs side by side as one: counts added, latencies merged, from the earlier start to the later end. */
        Result plus(Result o) {
            long[] merged = java.util.stream.LongStream.concat(Arrays.stream(latenciesNanos), Arrays.stream(o.latenciesNanos))
                .sorted().toArray();
            Map<Integer, Integer> codes = new java.util.TreeMap<>(statuses);
            o.statuses.forEach((k, v) -> codes.merge(k, v, Integer::sum));
            return new Result(sent + o.sent, accepted + o.accepted, non2xx + o.non2xx, errors + o.errors,
                Math.min(startNanos, o.startNanos), Math.max(endNanos, o.endNanos), merged, codes,
                firstError != null ? firstError : o.firstError);
        }
    }

    private LoadGenerator() {
    }

    /** The request as bytes on the wire: HTTP/1.1, its own headers, Host and Content-Length. */
    static byte[] encode(SignableRequest r) {
        URI target = r.target();
        String path = (target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath())
            + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        StringBuilder head = new StringBuilder().append(r.method().toUpperCase(java.util.Locale.ROOT)).append(' ').append(path).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(r.header("host").orElse(target.getRawAuthority())).append("\r\n");
        for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
            if (!h.getKey().equalsIgnoreCase("host") && !h.getKey().equalsIgnoreCase("content-length")) {
                h.getValue().forEach(v -> head.append(h.getKey()).append(": ").append(v).append("\r\n"));
            }
        }
        head.append("Content-Length: ").append(r.body().length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + r.body().length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(r.body());
        return out.toByteArray();
    }

    /** Requests encoded for {@link #run}: encoding is done before the clock (and the CPU count) starts. */
    record Prepared(String host, int port, ByteBuf[] wire) {
        int size() {
            return wire.length;
        }
    }

    static Prepared prepare(List<SignableRequest> requests) {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("no requests");
        }
        URI target = requests.get(0).target();
        for (SignableRequest r : requests) {
            if (!r.target().getHost().equals(target.getHost()) || r.target().getPort() != target.getPort()) {
                throw new IllegalArgumentException("one target server per run: " + target + " and " + r.target());
            }
        }
        return new Prepared(target.getHost(), target.getPort(),
            requests.stream().map(r -> Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(encode(r)))).toArray(ByteBuf[]::new));
    }

    static Result run(Vertx vertx, List<SignableRequest> requests, int connections) throws InterruptedException {
        return run(prepare(requests), connections);
    }

    static Result run(Prepared prepared, int connections) throws InterruptedException {
        return runAll(List.of(prepared), connections);
    }

    /**
     * Several target servers at once (one {@link Prepared} each, e.g. the fan-out receiver's 16 hosts) from the same
     * event loop, {@code connectionsEach} connections to each; one result for all of them.
     */
    static Result runAll(List<Prepared> targets, int connectionsEach) throws InterruptedException {
        NioEventLoopGroup loop = new NioEventLoopGroup(1);
        List<Run> runs = new java.util.ArrayList<>();
        try {
            for (Prepared target : targets) {
                Run run = new Run(target.wire());
                run.bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                    .remoteAddress(target.host(), target.port())
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpResponseDecoder(), new Connection(run));
                        }
                    });
                runs.add(run);
            }
            long start = System.nanoTime();
            for (Run run : runs) {
                run.start = start;
                for (int c = 0; c < Math.min(connectionsEach, run.wire.length); c++) {
                    run.connect();
                }
            }
            for (Run run : runs) {
                if (!run.done.await(10, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("load did not finish");
                }
            }
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        Result all = null;
        for (Run run : runs) {
            Result r = run.result(run.wire.length);
            all = all == null ? r : all.plus(r);
        }
        return all;
    }

    /** What all connections share: the next request to send, and each request's status and latency. */
    private static final class Run {
        final ByteBuf[] wire;
        final long[] latencies;
        final int[] status;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicLong lastEnd = new AtomicLong();
        final CountDownLatch done;
        volatile String firstError;
        volatile Bootstrap bootstrap;
        long start;

        Run(ByteBuf[] wire) {
            this.wire = wire;
            this.latencies = new long[wire.length];
            this.status = new int[wire.length];
            this.done = new CountDownLatch(wire.length);
        }

        void connect() {
            bootstrap.connect().addListener(f -> {
                if (!f.isSuccess()) {
                    // the next request is lost to this connection's failure; count it and try again
                    int i = next.getAndIncrement();
                    if (i < wire.length) {
                        finish(i, 0, f.cause());
                        connect();
                    }
                }
            });
        }

        void finish(int i, int code, Throwable error) {
            long t1 = System.nanoTime();
            status[i] = code;
            latencies[i] = t1 - latencies[i];
            lastEnd.accumulateAndGet(t1, Math::max);
            if (error != null) {
                errors.incrementAndGet();
                if (firstError == null) {
                    firstError = error.toString();
                }
            }
            done.countDown();
        }

        Result result(int sent) {
            int accepted = 0;
            int non2xx = 0;
            Map<Integer, Integer> statuses = new java.util.TreeMap<>();
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
            return new Result(sent, accepted, non2xx, errors.get(), start, lastEnd.get(), sorted, statuses, firstError);
        }
    }

    /** One keep-alive connection: sends a request, reads its answer, sends the next; reconnects when the server closes. */
    private static final class Connection extends SimpleChannelInboundHandler<HttpObject> {
        private final Run run;
        private int current = -1;
        private int code;
        private boolean keepAlive;

        Connection(Run run) {
            this.run = run;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            sendNext(ctx);
        }

        private void sendNext(ChannelHandlerContext ctx) {
            int i = run.next.getAndIncrement();
            if (i >= run.wire.length) {
                current = -1;
                ctx.close();
                return;
            }
            current = i;
            code = 0;
            run.latencies[i] = System.nanoTime();
            ctx.writeAndFlush(run.wire[i].duplicate());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse response) {
                code = response.status().code();
                keepAlive = HttpUtil.isKeepAlive(response);
            }
            if (msg instanceof LastHttpContent && current >= 0) {
                run.finish(current, code, msg.decoderResult().isFailure() ? msg.decoderResult().cause() : null);
                current = -1;
                if (keepAlive) {
                    sendNext(ctx);
                } else {
                    ctx.close();
                    if (run.next.get() < run.wire.length) {
                        run.connect();
                    }
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (current >= 0) {
                run.finish(current, 0, new IllegalStateException("connection closed before the answer"));
                current = -1;
                if (run.next.get() < run.wire.length) {
                    run.connect();
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
