package org.mutua.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;

/** HSTS is sent when the node is public over https (TLS ends at the proxy in front), never when it is plain http. */
class StrictTransportSecurityTest {

    @Test
    void aNodePublicOverHttpsSendsHstsOnEveryAnswer() {
        try (TestNode node = TestNode.start(Map.of("MUTUA_SCHEME", "https"))) {
            Http http = new Http(node.baseUrl);
            for (String path : new String[] {"/health", "/", "/nothing-here"}) {
                HttpResponse<String> r = http.get(path);
                assertEquals("max-age=31536000", r.headers().firstValue("Strict-Transport-Security").orElse(null), path);
            }
        }
    }

    @Test
    void aNodeOverPlainHttpSendsNoHsts() {
        try (TestNode node = TestNode.start()) {
            HttpResponse<String> r = new Http(node.baseUrl).get("/health");
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Strict-Transport-Security").isEmpty(), r.headers().toString());
        }
    }
}
