package org.mutua.federation.jsonld;

import com.github.jsonldjava.core.JsonLdError;
import com.github.jsonldjava.core.JsonLdOptions;
import com.github.jsonldjava.core.JsonLdProcessor;
import com.github.jsonldjava.utils.JsonUtils;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;

/**
 * JSON-LD expansion against {@link BundledContexts} only. Expansion is CPU work proportional to the document; inbound
 * bodies are capped at 1 MB before they get here, so it is cheap enough for a worker but callers should still not run
 * it on the event loop for large documents.
 */
public final class JsonLd {
    private final BundledContexts contexts;

    public JsonLd(BundledContexts contexts) {
        this.contexts = contexts;
    }

    public BundledContexts contexts() {
        return contexts;
    }

    /**
     * Expands a document given as a Vert.x {@link JsonObject}/{@link JsonArray}, JSON text, or jsonld-java's plain
     * {@code Map}/{@code List} form.
     *
     * @throws InvalidJsonLdException when the input is not JSON or not expandable
     */
    public JsonArray expand(Object json) {
        Object input = plain(json);
        JsonLdOptions options = new JsonLdOptions();
        options.setDocumentLoader(contexts.documentLoader());
        try {
            List<Object> expanded = JsonLdProcessor.expand(input, options);
            return new JsonArray(expanded);
        } catch (JsonLdError | IllegalArgumentException | ClassCastException e) {
            throw new InvalidJsonLdException("cannot expand JSON-LD: " + e.getMessage(), e);
        }
    }

    private static Object plain(Object json) {
        try {
            if (json instanceof JsonObject || json instanceof JsonArray) {
                // Re-parse: Vert.x may hold nested JsonObject values, jsonld-java wants Map/List all the way down.
                return JsonUtils.fromString(json.toString());
            }
            if (json instanceof String) {
                return JsonUtils.fromString((String) json);
            }
            return json;
        } catch (IOException e) {
            throw new InvalidJsonLdException("not JSON: " + e.getMessage(), e);
        }
    }
}
