package org.mutua.federation.vocab;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading compacted ActivityStreams JSON without a JSON-LD processor: a property may be a scalar or an array (Fedify
 * compacts one-element arrays to scalars, Mastodon writes arrays), and a reference may be an IRI string or an
 * embedded object with an {@code id} (or a Link with {@code href}).
 */
public final class CompactedJson {
    private CompactedJson() {
    }

    /** Every value of the property, arrays flattened one level. */
    public static List<Object> all(JsonObject o, String key) {
        Object v = o.getValue(key);
        List<Object> out = new ArrayList<>();
        if (v instanceof JsonArray a) {
            a.forEach(x -> {
                if (x != null) {
                    out.add(x);
                }
            });
        } else if (v != null) {
            out.add(v);
        }
        return out;
    }

    public static List<JsonObject> objects(JsonObject o, String key) {
        List<JsonObject> out = new ArrayList<>();
        for (Object x : all(o, key)) {
            if (x instanceof JsonObject j) {
                out.add(j);
            }
        }
        return out;
    }

    /** The first string value of a plain-string property (a language map or object does not count). */
    public static String string(JsonObject o, String key) {
        for (Object x : all(o, key)) {
            if (x instanceof String s) {
                return s;
            }
        }
        return null;
    }

    /** An IRI: a string, or an object's {@code id}, or a Link's {@code href}. */
    public static String iri(JsonObject o, String key) {
        for (Object x : all(o, key)) {
            if (x instanceof String s) {
                return s;
            }
            if (x instanceof JsonObject j) {
                String id = j.getValue("id") instanceof String s ? s : j.getValue("href") instanceof String h ? h : null;
                if (id != null) {
                    return id;
                }
            }
        }
        return null;
    }

    public static boolean bool(JsonObject o, String key) {
        for (Object x : all(o, key)) {
            if (x instanceof Boolean b) {
                return b;
            }
        }
        return false;
    }

    public static boolean hasType(JsonObject o, String type) {
        for (Object x : all(o, "type")) {
            if (type.equals(x)) {
                return true;
            }
        }
        return false;
    }
}
