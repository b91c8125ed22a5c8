package org.mutua.federation.jsonld;

import com.github.jsonldjava.core.Context;
import com.github.jsonldjava.core.JsonLdApi;
import com.github.jsonldjava.core.JsonLdError;
import com.github.jsonldjava.core.JsonLdOptions;
import com.github.jsonldjava.core.JsonLdProcessor;
import com.github.jsonldjava.utils.JsonUtils;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON-LD expansion against {@link BundledContexts} only. Expansion is CPU work proportional to the document; inbound
 * bodies are capped at 1 MB before they get here, so it is cheap enough for a worker but callers should still not run
 * it on the event loop for large documents.
 */
public final class JsonLd {
    private static final int MAX_PARSED_CONTEXTS = 256;
    private final BundledContexts contexts;
    private final Map<String, Context> parsedContexts = new ConcurrentHashMap<>();
    private final Context mutuaContext;

    public JsonLd(BundledContexts contexts) {
        this.contexts = contexts;
        this.mutuaContext = mutuaContext(contexts);
    }

    /**
     * ActivityStreams plus Mutua's inline terms, parsed once. Its inverse (the table compaction reads) is built here,
     * before the context is shared: jsonld-java builds it lazily on first use, which two threads could race.
     */
    private static Context mutuaContext(BundledContexts contexts) {
        JsonLdOptions options = new JsonLdOptions();
        options.setDocumentLoader(contexts.documentLoader());
        try {
            List<Object> context = new ArrayList<>();
            context.add(org.mutua.federation.vocab.ActivityStreams.CONTEXT);
            context.add(MutuaContext.inlineTerms().getMap());
            Context parsed = new Context(options).parse(plain(new JsonArray(context)));
            parsed.getInverse();
            return parsed;
        } catch (JsonLdError e) {
            throw new IllegalStateException("Mutua's own context does not parse", e);
        }
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
            if (input instanceof Map<?, ?> document && document.containsKey("@context")) {
                return new JsonArray(expandWithParsedContext(document, options));
            }
            List<Object> expanded = JsonLdProcessor.expand(input, options);
            return new JsonArray(expanded);
        } catch (JsonLdError | IllegalArgumentException | ClassCastException e) {
            throw new InvalidJsonLdException("cannot expand JSON-LD: " + e.getMessage(), e);
        }
    }

    /**
     * The document expanded, then compacted against Mutua's own context (ActivityStreams plus the terms of
     * FEDERATION.md 1.6): Mutua's terms read as {@code ma:…} whatever prefix the sender gave them, ActivityStreams
     * terms by their usual names, one-element arrays as scalars. Without {@code @context} in the result. A document
     * of several top-level nodes answers them under {@code @graph}.
     *
     * @throws InvalidJsonLdException when the input is not JSON or not expandable
     */
    @SuppressWarnings("unchecked")
    public JsonObject compactToMutua(Object json) {
        JsonArray expanded = expand(json);
        JsonLdOptions options = new JsonLdOptions();
        options.setDocumentLoader(contexts.documentLoader());
        try {
            Object compacted = new JsonLdApi(options).compact(mutuaContext, null, expanded.getList(), true);
            if (compacted instanceof Map<?, ?> node) {
                return new JsonObject((Map<String, Object>) node);
            }
            return new JsonObject().put("@graph", compacted instanceof List<?> nodes ? new JsonArray((List<Object>) nodes) : new JsonArray());
        } catch (JsonLdError | IllegalArgumentException | ClassCastException e) {
            throw new InvalidJsonLdException("cannot compact JSON-LD: " + e.getMessage(), e);
        }
    }

    /**
     * What {@link JsonLdProcessor#expand} does for a top-level object, with the top-level {@code @context} parsed once
     * per distinct value (servers send the same few contexts; parsing one is most of an expansion's cost). Parsing
     * never mutates a context (it returns a copy), so a parsed one is shared by later expansions.
     */
    @SuppressWarnings("unchecked")
    private List<Object> expandWithParsedContext(Map<?, ?> document, JsonLdOptions options) throws JsonLdError {
        Object localContext = document.get("@context");
        String key;
        try {
            key = JsonUtils.toString(localContext);
        } catch (IOException e) {
            throw new InvalidJsonLdException("not JSON: " + e.getMessage(), e);
        }
        Context parsed = parsedContexts.get(key);
        if (parsed == null) {
            long unknownBefore = contexts.unknownContextCount();
            parsed = new Context(options).parse(localContext);
            // A context naming an unbundled URL is not kept: each use of one is counted (and it is never fetched).
            if (parsedContexts.size() < MAX_PARSED_CONTEXTS && contexts.unknownContextCount() == unknownBefore) {
                parsedContexts.put(key, parsed);
            }
        }
        Map<String, Object> rest = new LinkedHashMap<>((Map<String, Object>) document);
        rest.remove("@context");
        Object expanded = new JsonLdApi(options).expand(parsed, rest);
        if (expanded instanceof Map<?, ?> m && m.containsKey("@graph") && m.size() == 1) {
            expanded = m.get("@graph");
        } else if (expanded == null) {
            expanded = new ArrayList<>();
        }
        if (!(expanded instanceof List)) {
            List<Object> one = new ArrayList<>();
            one.add(expanded);
            expanded = one;
        }
        return (List<Object>) expanded;
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
