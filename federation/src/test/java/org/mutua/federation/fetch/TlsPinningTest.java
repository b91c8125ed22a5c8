package org.mutua.federation.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PfxOptions;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTPS in production mode (no http) against a test certificate: the client connects to the address the guard
 * checked, while SNI and certificate verification use the name from the URL (no DNS rebinding, no TLS bypass).
 */
class TlsPinningTest {
    Vertx vertx;
    HttpServer server;
    static final PfxOptions CERT = new PfxOptions()
        .setValue(Buffer.buffer(FixtureServer.bytes("fetch/masto-test.p12"))).setPassword("changeit");
    final List<String> sni = new CopyOnWriteArrayList<>();
    int port;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true).setSni(true)
            .setKeyCertOptions(CERT));
        server.requestHandler(req -> {
            sni.add(String.valueOf(req.connection().indicatedServerName()));
            req.response().putHeader("Content-Type", "application/activity+json")
                .end(new JsonObject().put("id", "https://" + req.authority().host() + ":" + port + req.path()).encode());
        });
        port = Await.result(server.listen()).actualPort();
    }

    @AfterEach
    void stop() {
        Await.result(vertx.close());
    }

    RemoteFetcher fetcher() {
        // https only, loopback allowed only because the test server lives there; the certificate is trusted for masto.test.
        return new RemoteFetcher(vertx, new AddressGuard(FixtureServer.resolver(), false, true), FetchLimits.defaults(),
            FixtureServer.INSTANCE_ACTOR, Clock.systemUTC(), "Mutua-test", new HttpClientOptions().setTrustOptions(CERT));
    }

    @Test
    void httpsGoesToTheCheckedAddressWithTheNameInSni() {
        URI url = URI.create("https://masto.test:" + port + "/users/alice");
        assertEquals(url, Await.result(fetcher().fetch(url)).finalUrl());
        assertEquals(List.of("masto.test"), sni);
    }

    @Test
    void certificateForAnotherNameIsRefused() {
        String reason = Await.reason(fetcher().fetch(URI.create("https://other.test:" + port + "/users/alice")));
        assertEquals("tls", reason);
        assertTrue(sni.isEmpty(), "no request got through");
    }
}
