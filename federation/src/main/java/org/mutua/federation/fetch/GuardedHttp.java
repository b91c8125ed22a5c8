package org.mutua.federation.fetch;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One GET with every outbound limit, following up to {@link FetchLimits#maxRedirects()} redirects by hand so each hop
 * goes through the budget and {@link AddressGuard} again (Mastodon app/lib/request.rb follows redirects the same way,
 * re-checking the address of every hop). Non-blocking throughout: DNS is the guard's worker-thread lookup, the rest
 * is Vert.x callbacks. A single timer bounds the whole exchange, redirects included, so a slow-drip server is
 * aborted at the deadline however steadily it trickles.
 */
final class GuardedHttp {
    record Response(URI finalUrl, String contentType, Buffer body) {
    }

    /** A refused response's body is read and dropped up to this size, within this time; past either, reset. */
    private static final long DRAIN_MAX_BYTES = 64 * 1024;
    private static final long DRAIN_TIMEOUT_MS = 5_000;
    private final Vertx vertx;
    private final HttpClient client;
    private final AddressGuard guard;
    private final DomainFetchBudget budget;
    private final FetchLimits limits;

    GuardedHttp(Vertx vertx, HttpClient client, AddressGuard guard, DomainFetchBudget budget, FetchLimits limits) {
        this.vertx = vertx;
        this.client = client;
        this.guard = guard;
        this.budget = budget;
        this.limits = limits;
    }

    AddressGuard guard() {
        return guard;
    }

    /**
     * @param headersFor request headers for each hop's URL (signatures cover the hop's own host and path)
     * @param contentTypeOk checked before any body byte is read
     */
    Future<Response> get(URI url, Function<URI, MultiMap> headersFor, Predicate<String> contentTypeOk, Duration timeout) {
        Exchange exchange = new Exchange(headersFor, contentTypeOk);
        long millis = Math.min(timeout == null ? Long.MAX_VALUE : timeout.toMillis(), limits.totalTimeout().toMillis());
        // Run every step, the deadline included, on one Vert.x context, so the response's body handlers are attached
        // on the thread that delivers it (a tiny body can otherwise end before a callback dispatched from another
        // thread sets them).
        vertx.getOrCreateContext().runOnContext(v -> {
            long timer = vertx.setTimer(Math.max(1, millis), id -> exchange.fail(new FetchException("timeout")));
            exchange.promise.future().onComplete(r -> vertx.cancelTimer(timer));
            exchange.hop(url, 0);
        });
        return exchange.promise.future();
    }

    private final class Exchange {
        final Promise<Response> promise = Promise.promise();
        final Function<URI, MultiMap> headersFor;
        final Predicate<String> contentTypeOk;
        volatile HttpClientRequest current;
        volatile BoundedBody body;

        Exchange(Function<URI, MultiMap> headersFor, Predicate<String> contentTypeOk) {
            this.headersFor = headersFor;
            this.contentTypeOk = contentTypeOk;
        }

        void fail(Throwable t) {
            if (promise.tryFail(FetchException.of(t))) {
                abort();
            }
        }

        void abort() {
            HttpClientRequest r = current;
            if (r != null) {
                r.reset(0);
            }
            BoundedBody b = body;
            if (b != null) {
                b.close();
            }
        }

        void hop(URI url, int redirects) {
            URI normal;
            try {
                normal = guard.normalize(url);
            } catch (FetchException e) {
                fail(e);
                return;
            }
            // Budget before DNS: a subdomain farm costs us neither lookups nor connections once spent.
            if (!budget.tryAcquire(normal.getHost())) {
                fail(FetchException.overBudget(budget.secondsUntilFree(normal.getHost())));
                return;
            }
            guard.check(normal).compose(this::send).onComplete(ar -> {
                if (promise.future().isComplete()) {
                    if (ar.succeeded()) {
                        ar.result().request().reset(0);
                    }
                    return;
                }
                if (ar.failed()) {
                    fail(ar.cause());
                    return;
                }
                handle(ar.result(), normal, redirects);
            });
        }

        Future<HttpClientResponse> send(DialTarget target) {
            if (promise.future().isComplete()) {
                return Future.failedFuture(new FetchException("timeout"));
            }
            String path = target.url().getRawPath() + (target.url().getRawQuery() == null ? "" : "?" + target.url().getRawQuery());
            RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(target.host().startsWith("[") ? target.host().substring(1, target.host().length() - 1) : target.host())
                .setPort(target.port())
                .setSsl(target.tls())
                .setURI(path)
                // Connect to the address the guard checked; the name only goes into Host and SNI.
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setConnectTimeout(limits.connectTimeout().toMillis())
                .setFollowRedirects(false)
                .setHeaders(headersFor.apply(target.url()));
            return client.request(options).compose(request -> {
                current = request;
                if (promise.future().isComplete()) {
                    request.reset(0);
                    return Future.failedFuture(new FetchException("timeout"));
                }
                return request.send();
            });
        }

        /**
         * Gives up a response we will not read, and its connection: reset. The response's own exception handler is
         * set first, so the reset is not logged as an unhandled error (each first knock of a double knock was).
         */
        void drop(HttpClientResponse response) {
            current = null;
            response.exceptionHandler(ignored -> { });
            response.request().reset(0);
        }

        /**
         * A redirect or an error status: a small body is read and thrown away, so its connection stays open and goes
         * back to the pool. Resetting it closed the connection, and the request sent right after (the second knock of
         * a 401) was sometimes handed that closing connection and failed as "network": the peer never saw the
         * second knock (SignatureSchemesInteropTest, 2 runs in 8). A large body, or one of unknown length, is reset.
         */
        void release(HttpClientResponse response) {
            long length = -1;
            try {
                String header = response.getHeader("Content-Length");
                length = header == null ? -1 : Long.parseLong(header.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length < 0 || length > DRAIN_MAX_BYTES) {
                drop(response);
                return;
            }
            current = null; // abort() must not reset a response being drained
            response.exceptionHandler(ignored -> { });
            long timer = vertx.setTimer(DRAIN_TIMEOUT_MS, t -> response.request().reset(0));
            response.handler(ignored -> { });
            response.endHandler(v -> vertx.cancelTimer(timer));
        }

        void handle(HttpClientResponse response, URI url, int redirects) {
            int status = response.statusCode();
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String location = response.getHeader("Location");
                release(response);
                if (location == null || redirects >= limits.maxRedirects()) {
                    fail(new FetchException("too-many-redirects"));
                    return;
                }
                URI next;
                try {
                    next = url.resolve(new URI(location.trim()));
                } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                    fail(new FetchException("bad-redirect"));
                    return;
                }
                hop(next, redirects + 1);
                return;
            }
            if (status < 200 || status > 299) {
                release(response);
                fail(new FetchException("http-" + status));
                return;
            }
            String contentType = response.getHeader("Content-Type");
            if (!contentTypeOk.test(contentType)) {
                drop(response);
                fail(new FetchException("bad-content-type"));
                return;
            }
            String encoding = response.getHeader("Content-Encoding");
            String enc = encoding == null ? "identity" : encoding.trim().toLowerCase(Locale.ROOT);
            if (!enc.equals("identity") && !enc.equals("gzip") && !enc.equals("x-gzip")) {
                drop(response);
                fail(new FetchException("bad-encoding"));
                return;
            }
            String length = response.getHeader("Content-Length");
            if (length != null) {
                try {
                    if (Long.parseLong(length.trim()) > limits.maxBodyBytes()) {
                        drop(response);
                        fail(new FetchException("too-large"));
                        return;
                    }
                } catch (NumberFormatException e) {
                    drop(response);
                    fail(new FetchException("bad-response"));
                    return;
                }
            }
            BoundedBody collected = new BoundedBody(limits.maxBodyBytes(), !enc.equals("identity"));
            body = collected;
            response.exceptionHandler(this::fail);
            response.handler(chunk -> {
                if (promise.future().isComplete()) {
                    return;
                }
                try {
                    collected.accept(chunk);
                } catch (RuntimeException e) {
                    fail(e);
                }
            });
            response.endHandler(v -> {
                if (promise.future().isComplete()) {
                    return;
                }
                try {
                    Buffer b = collected.finish();
                    collected.close();
                    promise.tryComplete(new Response(url, contentType, b));
                } catch (FetchException e) {
                    fail(e);
                }
            });
        }
    }
}
