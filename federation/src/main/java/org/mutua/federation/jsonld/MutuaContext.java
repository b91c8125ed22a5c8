package org.mutua.federation.jsonld;

import io.vertx.core.json.JsonObject;

/**
 * The Mutua term map of FEDERATION.md §1.6. Emitted inline in every document (no processor ever needs to fetch it)
 * and served, for people and validators, at {@code /ns/mutua-v1.jsonld}.
 */
public final class MutuaContext {
    /** Path every node serves the document at. */
    public static final String PATH = "/ns/mutua-v1.jsonld";
    /** Namespace of {@code ma:} terms. */
    public static final String NAMESPACE = org.mutua.federation.vocab.MutuaTerms.NAMESPACE;
    /** Identifier of the profile, used in FEP-844e {@code implements} and NodeInfo. */
    public static final String PROFILE = NAMESPACE + "profile-v1";

    private static final String TEXT = BundledContexts.text("mutua-v1.jsonld");
    private static final JsonObject TERMS = new JsonObject(TEXT).getJsonObject("@context");

    private MutuaContext() {
    }

    /** The whole document {@code {"@context": {...}}} as bundled, byte for byte. */
    public static String documentText() {
        return TEXT;
    }

    /** A fresh copy of the inline term map, for the last entry of an {@code @context} array. */
    public static JsonObject inlineTerms() {
        return TERMS.copy();
    }
}
