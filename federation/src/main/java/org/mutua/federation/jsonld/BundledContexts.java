package org.mutua.federation.jsonld;

import com.github.jsonldjava.core.DocumentLoader;
import com.github.jsonldjava.core.RemoteDocument;
import com.github.jsonldjava.utils.JsonUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The only JSON-LD contexts Mutua will ever use, read from the jar. Any other context URL becomes an empty context
 * and is counted, never fetched (FEDERATION.md §1.6, §6 row 17: a remote context URL could be internal, slow or
 * huge). The bundled copies are JSON-LD 1.0 downgrades because jsonld-java is a 1.0 processor: {@code @version} and
 * {@code @protected} removed, type- and property-scoped contexts hoisted to the top level, {@code @graph}
 * containers and {@code @json} types dropped.
 */
public final class BundledContexts {
    private static final String DIRECTORY = "/org/mutua/federation/contexts/";
    private static final Map<String, Object> EMPTY_CONTEXT = Map.of("@context", Map.of());

    /** Canonical context URL → resource file. Fedify preloads the same set (packages/vocab-runtime/src/contexts.ts). */
    private static final Map<String, String> FILES = Map.ofEntries(
        Map.entry(org.mutua.federation.vocab.ActivityStreams.CONTEXT, "activitystreams.jsonld"),
        Map.entry("https://w3id.org/security/v1", "security-v1.jsonld"),
        Map.entry("https://w3id.org/security/multikey/v1", "security-multikey-v1.jsonld"),
        Map.entry("https://w3id.org/security/data-integrity/v1", "security-data-integrity-v1.jsonld"),
        Map.entry("https://w3id.org/security/data-integrity/v2", "security-data-integrity-v2.jsonld"),
        Map.entry("https://www.w3.org/ns/did/v1", "did-v1.jsonld"),
        Map.entry("https://www.w3.org/ns/cid/v1", "cid-v1.jsonld"),
        Map.entry("http://joinmastodon.org/ns", "mastodon-toot.jsonld"),
        Map.entry("https://litepub.social/litepub/context.jsonld", "litepub-0.1.jsonld"),
        Map.entry("https://gotosocial.org/ns", "gotosocial.jsonld"),
        Map.entry("https://join-lemmy.org/context.json", "join-lemmy.jsonld"));

    private final Map<String, Object> documentsByKey;
    private final AtomicLong unknownContexts = new AtomicLong();

    public BundledContexts() {
        Map<String, Object> byKey = new LinkedHashMap<>();
        FILES.forEach((url, file) -> byKey.put(key(url), read(file)));
        this.documentsByKey = Collections.unmodifiableMap(byKey);
    }

    /** A loader for {@code JsonLdOptions.setDocumentLoader}: bundled documents only, never the network. */
    public DocumentLoader documentLoader() {
        return new DocumentLoader() {
            @Override
            public RemoteDocument loadDocument(String url) {
                return new RemoteDocument(url, resolve(url));
            }
        };
    }

    /** The parsed document for a context URL, or an empty context (counted) for anything not bundled. */
    public Object resolve(String url) {
        Object document = url == null ? null : documentsByKey.get(key(url));
        if (document == null) {
            unknownContexts.incrementAndGet();
            return EMPTY_CONTEXT;
        }
        return document;
    }

    public boolean isBundled(String url) {
        return url != null && documentsByKey.containsKey(key(url));
    }

    public Set<String> canonicalUrls() {
        return FILES.keySet();
    }

    /** Metric: how many context references resolved to the empty context since start. */
    public long unknownContextCount() {
        return unknownContexts.get();
    }

    /** The raw text of a bundled file, e.g. for serving the Mutua context. */
    static String text(String file) {
        try (InputStream in = BundledContexts.class.getResourceAsStream(DIRECTORY + file)) {
            if (in == null) {
                throw new IllegalStateException("bundled context missing from the jar: " + file);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object read(String file) {
        try {
            return JsonUtils.fromString(text(file));
        } catch (IOException e) {
            throw new IllegalStateException("bundled context is not JSON: " + file, e);
        }
    }

    /**
     * The well-known aliases of one context: http or https, a trailing slash, {@code .jsonld}, a fragment. Only the
     * host is case-folded (paths are case-sensitive).
     */
    static String key(String url) {
        String u = url.trim();
        int hash = u.indexOf('#');
        if (hash >= 0) {
            u = u.substring(0, hash);
        }
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://")) {
            u = u.substring(8);
        } else if (lower.startsWith("http://")) {
            u = u.substring(7);
        } else {
            return "\u0000" + u; // not http(s): never a bundled alias
        }
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (u.endsWith(".jsonld")) {
            u = u.substring(0, u.length() - ".jsonld".length());
        }
        int slash = u.indexOf('/');
        return slash < 0 ? u.toLowerCase(Locale.ROOT) : u.substring(0, slash).toLowerCase(Locale.ROOT) + u.substring(slash);
    }
}
