package org.mutua.server.members;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.http.ApiDescription;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;

/**
 * The OpenAPI document is served and describes exactly the JSON API the node routes: what to check is read from the
 * router, so a feature's new endpoint without its description (or a description without its endpoint) fails here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDescriptionTest {
    private static final String API = "/api/mutua/v1";
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

    /** "post /notices/{id}" for every operation the document describes. */
    private Set<String> documented() {
        HttpResponse<String> r = http.get(API + "/openapi.json");
        assertEquals(200, r.statusCode());
        JsonObject doc = Http.json(r);
        assertEquals("3.0.3", doc.getString("openapi"));
        Set<String> ops = new TreeSet<>();
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                if (!method.equals("parameters")) {
                    ops.add(method + " " + path);
                }
            }
        }
        return ops;
    }

    /** The same for every JSON API route the node mounted, {@code :id} written {@code {id}}. */
    private Set<String> routed() {
        Set<String> ops = new TreeSet<>();
        for (String route : node.node.routes()) {
            String[] parts = route.split(" ", 2);
            String path = parts[1];
            if (path.startsWith(API + "/") && !path.equals(ApiDescription.PATH)) {
                ops.add(parts[0].toLowerCase(Locale.ROOT) + " " + path.substring(API.length()).replaceAll(":([A-Za-z]+)", "{$1}"));
            }
        }
        return ops;
    }

    @Test
    void theDocumentDescribesExactlyTheRoutedOperations() {
        Set<String> routed = routed();
        assertFalse(routed.isEmpty(), "the node routes a JSON API");
        assertEquals(routed, documented());
    }

    @Test
    void everyDocumentedOperationAnswersAtItsAddress() {
        for (String op : documented()) {
            String method = op.substring(0, op.indexOf(' '));
            String path = op.substring(op.indexOf(' ') + 1);
            String concrete = API + path.replace("{id}", "no-such-id").replace("{host}", "no-such-host");
            HttpResponse<String> answer = switch (method) {
                case "get" -> http.get(concrete);
                case "delete" -> http.delete(concrete);
                case "patch" -> http.patchJson(concrete, "{}");
                default -> http.postJson(concrete, "{}");
            };
            // Unauthenticated or incomplete, so a 4xx, but never "no such address".
            assertFalse(answer.statusCode() == 404 && answer.body().contains("nothing at this address"), op);
            assertNotEquals(405, answer.statusCode(), op);
        }
    }

    @Test
    void twoFeaturesDescribingOnePathIsRefusedAtStartUp() {
        JsonObject doc = new JsonObject().put("paths", new JsonObject().put("/x", new JsonObject()))
            .put("components", new JsonObject()).put("tags", new io.vertx.core.json.JsonArray());
        JsonObject part = new JsonObject().put("paths", new JsonObject().put("/x", new JsonObject()));
        assertThrows(IllegalStateException.class, () -> ApiDescription.merge(doc, part, "a feature"));
    }
}
