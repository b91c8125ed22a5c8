package org.mutua.federation.vocab;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reading a reference in compacted JSON: ActivityStreams lets {@code actor}, {@code object}, {@code inReplyTo},
 * {@code attributedTo}, {@code to} … be an IRI or an embedded object carrying its {@code id}. Every reader of such a
 * property goes through here, so no feature parses id-or-object by hand.
 */
public final class Ids {
    private Ids() {
    }

    /** The IRI of a reference: the string itself, or an embedded object's {@code id}; null for anything else. */
    public static String of(Object reference) {
        if (reference instanceof String s) {
            return s;
        }
        if (reference instanceof JsonObject o && o.getValue("id") instanceof String id) {
            return id;
        }
        return null;
    }

    /** As {@link #of}, also through a one-element array (Fedify and others may send {@code "actor": ["…"]}). */
    public static String ofSingle(Object reference) {
        if (reference instanceof JsonArray a && a.size() == 1) {
            return of(a.getValue(0));
        }
        return of(reference);
    }

    /** The IRI of the object's property {@code field}, as {@link #of}. */
    public static String of(JsonObject object, String field) {
        return of(object.getValue(field));
    }

    /** The embedded object of the property {@code field}, or null when it is absent or only an IRI. */
    public static JsonObject embedded(JsonObject object, String field) {
        return object.getValue(field) instanceof JsonObject j ? j : null;
    }

    /**
     * The object's type, as routing reads it: the string, or the first string of an array (a Mutua-aware peer may
     * send {@code ["Note", "…"]}); null when there is none.
     */
    public static String type(JsonObject object) {
        Object t = object.getValue("type");
        if (t instanceof String s) {
            return s;
        }
        if (t instanceof JsonArray a) {
            for (Object x : a) {
                if (x instanceof String s) {
                    return s;
                }
            }
        }
        return null;
    }
}
