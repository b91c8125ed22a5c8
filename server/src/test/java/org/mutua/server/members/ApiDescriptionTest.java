package org.mutua.server.members;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;

/** The OpenAPI document is served and describes only endpoints that exist. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDescriptionTest {
    private TestNode node;
    private Http http;

    @BeforeAll
    void start() {
        node = TestNode.start();
        http = new Http(node.baseUrl);
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @Test
    void everyDocumentedOperationIsRouted() {
        HttpResponse<String> r = http.get("/api/mutua/v1/openapi.json");
        assertEquals(200, r.statusCode());
        JsonObject doc = Http.json(r);
        assertEquals("3.0.3", doc.getString("openapi"));
        JsonObject paths = doc.getJsonObject("paths");
        int checked = 0;
        for (String path : paths.fieldNames()) {
            String concrete = "/api/mutua/v1" + path.replace("{id}", "no-such-id").replace("{host}", "no-such-host");
            for (String method : paths.getJsonObject(path).fieldNames()) {
                if (method.equals("parameters")) {
                    continue;
                }
                HttpResponse<String> answer = switch (method) {
                    case "get" -> http.get(concrete);
                    case "delete" -> http.delete(concrete);
                    case "patch" -> http.patchJson(concrete, "{}");
                    default -> http.postJson(concrete, "{}");
                };
                // Unauthenticated or incomplete, so a 4xx, but never "no such address".
                assertNotEquals(404, answer.statusCode() == 404 && answer.body().contains("nothing at this address") ? 404 : 0, method + " " + path);
                assertNotEquals(405, answer.statusCode(), method + " " + path);
                checked++;
            }
        }
        assertEquals(23, checked, "operations documented");
    }
}
