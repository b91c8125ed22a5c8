package org.mutua.federation.vocab;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The ActivityStreams context and its one special addressee, Public. A document may name Public by its full IRI, by
 * the compact IRI {@code as:Public} or by the bare term {@code Public} (ActivityPub 5.6: all three mean the same); this
 * is the only place that knows the spellings.
 */
public final class ActivityStreams {
    /** The context IRI, the first entry of every {@code @context} Mutua writes. */
    public static final String CONTEXT = "https://www.w3.org/ns/activitystreams";
    /** Namespace of the ActivityStreams terms (what {@code as:} expands to). */
    public static final String NAMESPACE = CONTEXT + "#";
    /** Public, as Mutua writes it: the full IRI. */
    public static final String PUBLIC = NAMESPACE + "Public";
    /** Every spelling of Public that a peer may send. */
    public static final Set<String> PUBLIC_SPELLINGS = Set.of(PUBLIC, "as:Public", "Public");

    private ActivityStreams() {
    }

    /** Whether an addressee (an IRI, or an object with an {@code id}) is Public, in any of its spellings. */
    public static boolean isPublic(Object addressee) {
        String id = Ids.of(addressee);
        return id != null && PUBLIC_SPELLINGS.contains(id);
    }

    /** Whether Public is among the object's {@code to} or {@code cc} (a scalar or an array); Mastodon's unlisted counts. */
    public static boolean addressesPublic(JsonObject object) {
        for (String field : new String[] {"to", "cc"}) {
            Object v = object.getValue(field);
            if (v instanceof JsonArray a) {
                for (Object x : a) {
                    if (isPublic(x)) {
                        return true;
                    }
                }
            } else if (isPublic(v)) {
                return true;
            }
        }
        return false;
    }
}
