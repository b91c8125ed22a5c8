package org.mutua.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mutua.config.AddressRange;
import org.mutua.config.MutuaConfig;
import org.mutua.server.testing.Http;

/**
 * The client address behind rate limits: X-Forwarded-For is read only when the connection comes from a trusted
 * reverse proxy (MUTUA_HTTP_TRUSTED_PROXIES), and then only the hops the trusted proxies wrote. The test client
 * connects from 127.0.0.1: trusted or not is decided by the setting.
 */
class TrustedProxyTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** A server that answers the address ClientKey believes, and the key it makes of it. */
    private Http serverBehind(String trustedProxies) {
        List<AddressRange> proxies = MutuaConfig.of(Map.of("MUTUA_HTTP_TRUSTED_PROXIES", trustedProxies)).trustedProxies();
        ClientKey clients = new ClientKey("salt", proxies);
        Router router = Router.router(vertx);
        router.get("/who").handler(ctx -> ctx.end(clients.address(ctx) + " " + clients.of(ctx)));
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
            .toCompletionStage().toCompletableFuture().join();
        return new Http("http://127.0.0.1:" + server.actualPort());
    }

    private static String address(String answer) {
        return answer.split(" ")[0];
    }

    @Test
    void spoofedForwardedForFromAnUntrustedAddressIsIgnored() {
        Http direct = serverBehind("10.1.2.3"); // the proxy is elsewhere; 127.0.0.1 is a client like any other
        String honest = direct.get("/who").body();
        assertEquals("127.0.0.1", address(honest));
        for (String spoof : new String[] {"203.0.113.7", "203.0.113.7, 10.1.2.3", "10.1.2.3", "::1"}) {
            String answer = direct.get("/who", "X-Forwarded-For", spoof).body();
            assertEquals(honest, answer, "a client sending X-Forwarded-For: " + spoof + " keeps its own key");
        }
    }

    @Test
    void withNoTrustedProxyForwardedForIsNeverRead() {
        Http node = serverBehind("");
        assertEquals("127.0.0.1", address(node.get("/who", "X-Forwarded-For", "203.0.113.7").body()));
    }

    @Test
    void behindATrustedProxyTheClientIsTheHopTheProxyWrote() {
        Http proxied = serverBehind("127.0.0.1");
        String a = proxied.get("/who", "X-Forwarded-For", "203.0.113.7").body();
        String b = proxied.get("/who", "X-Forwarded-For", "198.51.100.9").body();
        assertEquals("203.0.113.7", address(a));
        assertNotEquals(a.split(" ")[1], b.split(" ")[1], "two clients behind one proxy have two keys");
        assertEquals(proxied.get("/who", "X-Forwarded-For", "2001:db8::1").body(), proxied.get("/who", "X-Forwarded-For", "2001:db8:0:0:0:0:0:1").body(),
            "two spellings of one address are one client");
    }

    @Test
    void aClientSpoofingForwardedForThroughAnAppendingProxyGetsItsRealAddress() {
        // nginx's $proxy_add_x_forwarded_for appends the real peer to whatever the client sent.
        Http proxied = serverBehind("127.0.0.1,10.0.0.0/8");
        assertEquals("203.0.113.7", address(proxied.get("/who", "X-Forwarded-For", "6.6.6.6, 203.0.113.7").body()));
        assertEquals("203.0.113.7", address(proxied.get("/who", "X-Forwarded-For", "6.6.6.6, 203.0.113.7, 10.0.0.5").body()),
            "a chain of trusted proxies is walked back to the first untrusted hop");
        assertEquals("203.0.113.7", address(proxied.get("/who", "X-Forwarded-For", "6.6.6.6", "X-Forwarded-For", "203.0.113.7").body()),
            "the last header line is the proxy's");
        assertEquals("203.0.113.7", address(proxied.get("/who", "X-Forwarded-For", "not-an-address, 203.0.113.7").body()));
        assertEquals("127.0.0.1", address(proxied.get("/who", "X-Forwarded-For", "evil.example").body()),
            "a header the proxy did not write as an address leaves the proxy's own");
    }
}
