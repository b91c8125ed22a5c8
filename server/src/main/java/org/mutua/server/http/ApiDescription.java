package org.mutua.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Serves the OpenAPI 3 document of the JSON API: the node's part ({@code openapi/mutua-v1.json}: info, security,
 * shared responses) with each feature's part ({@code openapi/<feature>.json}: its paths, schemas and tags) merged in,
 * once, at start-up. Two parts describing one path or one schema are refused then, not merged silently.
 */
public final class ApiDescription {
    public static final String PATH = "/api/mutua/v1/openapi.json";
    private static final String BASE = "/openapi/mutua-v1.json";

    private final Buffer document;

    public ApiDescription(List<String> features) {
        JsonObject doc = read(BASE);
        for (String feature : features) {
            String resource = "/openapi/" + feature + ".json";
            if (ApiDescription.class.getResource(resource) != null) {
                merge(doc, read(resource), resource);
            }
        }
        document = Buffer.buffer(doc.encodePrettily().getBytes(StandardCharsets.UTF_8));
    }

    /** Merges one part into the document; a path or component both already describe is refused. */
    public static void merge(JsonObject doc, JsonObject part, String from) {
        mergeFields(doc.getJsonObject("paths"), part.getJsonObject("paths", new JsonObject()), "path", from);
        JsonObject components = part.getJsonObject("components", new JsonObject());
        for (String kind : components.fieldNames()) {
            JsonObject target = doc.getJsonObject("components").getJsonObject(kind);
            if (target == null) {
                target = new JsonObject();
                doc.getJsonObject("components").put(kind, target);
            }
            mergeFields(target, components.getJsonObject(kind), kind, from);
        }
        JsonArray tags = part.getJsonArray("tags", new JsonArray());
        for (Object tag : tags) {
            doc.getJsonArray("tags").add(tag);
        }
    }

    private static void mergeFields(JsonObject into, JsonObject from, String what, String resource) {
        for (String name : from.fieldNames()) {
            if (into.containsKey(name)) {
                throw new IllegalStateException(resource + " describes " + what + " " + name + ", which another part already does");
            }
            into.put(name, from.getValue(name));
        }
    }

    private static JsonObject read(String resource) {
        try (InputStream in = ApiDescription.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return new JsonObject(Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void mount(Router router) {
        router.get(PATH).handler(ctx -> ctx.response()
            .putHeader("Content-Type", "application/json; charset=utf-8")
            .putHeader("Access-Control-Allow-Origin", "*")
            .end(document));
    }
}
