package org.mutua.federation.delivery;

import static org.mutua.federation.delivery.DeliveryOptions.millis;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.mutua.federation.signatures.SignableRequest;

/**
 * POSTs signed deliveries to remote inboxes with one keep-alive client: no redirects, no decompression, the response
 * body read up to {@link DeliveryOptions#maxResponseBytes()} and then dropped. Each POST connects to the address its
 * {@link AddressPolicy} checked, never resolving the name again; the name goes into Host, SNI and the certificate
 * check only. Made on the worker's context.
 */
final class InboxPost {
    /** An inbox and the address checked for it. */
    record Target(URI inbox, InetAddress address) {
        boolean tls() {
            return "https".equalsIgnoreCase(inbox.getScheme());
        }

        int port() {
            return inbox.getPort() != -1 ? inbox.getPort() : tls() ? 443 : 80;
        }

        /** The name for Host and SNI; IPv6 literals without their brackets, as Vert.x takes them. */
        String host() {
            String h = inbox.getHost();
            return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
        }

        String pathAndQuery() {
            String path = inbox.getRawPath() == null || inbox.getRawPath().isEmpty() ? "/" : inbox.getRawPath();
            return inbox.getRawQuery() == null ? path : path + "?" + inbox.getRawQuery();
        }
    }

    private final Vertx vertx;
    private final DeliveryOptions options;
    private final HttpClient http;

    InboxPost(Vertx vertx, DeliveryOptions options) {
        this.vertx = vertx;
        this.options = options;
        HttpClientOptions httpOptions = new HttpClientOptions()
            .setConnectTimeout((int) millis(options.connectTimeout()))
            .setReadIdleTimeout((int) Math.max(1, options.readTimeout().toSeconds()))
            .setKeepAlive(true)
            .setMaxPoolSize(8)
            .setVerifyHost(true)
            .setForceSni(true)
            .setTrustAll(false)
            .setDecompressionSupported(false);
        this.http = vertx.createHttpClient(httpOptions);
    }

    /** One POST: never fails; network errors, timeouts and TLS errors come back as an attempt without a status. */
    Future<Attempt> post(Target target, SignableRequest signed) {
        Promise<Attempt> promise = Promise.promise();
        RequestOptions request = new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(target.host())
            .setPort(target.port())
            .setSsl(target.tls())
            .setURI(target.pathAndQuery())
            // Connect to the checked address; resolving the name here again would let DNS answer differently.
            .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
            .setFollowRedirects(false)
            .setConnectTimeout(millis(options.connectTimeout()))
            .setIdleTimeout(millis(options.readTimeout()));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> request.addHeader(name, v));
            }
        });
        signed.header("host").ifPresent(h -> request.putHeader("Host", h));
        request.putHeader("User-Agent", options.userAgent());
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        long timer = vertx.setTimer(millis(options.requestTimeout()), t -> {
            HttpClientRequest r = sent.get();
            if (r != null) {
                r.reset(0, new TimeoutException("request timeout"));
            }
            promise.tryComplete(new Attempt(null, null, "timeout after " + options.requestTimeout().toSeconds() + " s"));
        });
        http.request(request).onComplete(req -> {
            if (req.failed()) {
                promise.tryComplete(new Attempt(null, null, Attempt.errorText("connect", req.cause())));
                return;
            }
            HttpClientRequest r = req.result();
            sent.set(r);
            r.send(Buffer.buffer(signed.body())).onComplete(resp -> {
                if (resp.failed()) {
                    promise.tryComplete(new Attempt(null, null, Attempt.errorText("request", resp.cause())));
                    return;
                }
                var response = resp.result();
                int status = response.statusCode();
                Duration retryAfter = DeliveryOutcome.retryAfter(response.getHeader("Retry-After"), options.clock());
                long[] size = {0};
                response.handler(chunk -> {
                    size[0] += chunk.length();
                    if (size[0] > options.maxResponseBytes() && !promise.future().isComplete()) {
                        r.connection().close(); // stop reading: the connection cannot be reused
                        promise.tryComplete(new Attempt(status, retryAfter, "response body over limit"));
                    }
                });
                response.exceptionHandler(e -> promise.tryComplete(new Attempt(status, retryAfter, null)));
                response.endHandler(v -> promise.tryComplete(new Attempt(status, retryAfter, null)));
            });
        });
        return promise.future().onComplete(x -> vertx.cancelTimer(timer));
    }
}
