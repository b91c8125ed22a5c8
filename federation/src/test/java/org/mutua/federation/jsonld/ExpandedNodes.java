package org.mutua.federation.jsonld;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads expanded JSON-LD in tests: the node, and the first value of a property by full IRI. */
public final class ExpandedNodes {
    public static final String AS = "https://www.w3.org/ns/activitystreams#";
    public static final String SEC = "https://w3id.org/security#";
    public static final String LDP = "http://www.w3.org/ns/ldp#";
    public static final String TOOT = "http://joinmastodon.org/ns#";
    public static final String MA = "https://w3id.org/mutua/ns#";

    private ExpandedNodes() {
    }

    public static JsonObject node(JsonArray expanded) {
        if (expanded.size() != 1) {
            throw new AssertionError("expected one top-level node, got " + expanded.encode());
        }
        return expanded.getJsonObject(0);
    }

    public static JsonObject first(JsonObject node, String iri) {
        JsonArray values = node.getJsonArray(iri);
        if (values == null || values.isEmpty()) {
            throw new AssertionError("no " + iri + " in " + node.encodePrettily());
        }
        Object v = values.getValue(0);
        if (v instanceof JsonObject && ((JsonObject) v).containsKey("@list")) {
            return ((JsonObject) v).getJsonArray("@list").getJsonObject(0);
        }
        return values.getJsonObject(0);
    }

    /** {@code @value} or {@code @id} of the first value. */
    public static Object firstValue(JsonObject node, String iri) {
        JsonObject v = first(node, iri);
        return v.containsKey("@value") ? v.getValue("@value") : v.getString("@id");
    }

    public static String resource(String path) {
        try (InputStream in = ExpandedNodes.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
