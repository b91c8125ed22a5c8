package org.mutua.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.mutua.server.testing.TestNode;

/** The node's plain port speaks HTTP/1.1 only: a client asking to upgrade to cleartext HTTP/2 (h2c) is answered in HTTP/1.1. */
class PlainHttpTest {

    @Test
    void aClientAskingForCleartextHttp2IsAnsweredInHttp11() throws Exception {
        try (TestNode node = TestNode.start()) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            for (String path : new String[] {"/api/mutua/v1/openapi.json", "/health", "/"}) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(node.baseUrl + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), path);
                assertEquals(HttpClient.Version.HTTP_1_1, r.version(), path + " was upgraded to h2c");
                if (path.endsWith("openapi.json")) {
                    assertTrue(r.body().contains("\"components\""), "the whole document arrives");
                }
            }
        }
    }
}
