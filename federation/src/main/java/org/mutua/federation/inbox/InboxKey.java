package org.mutua.federation.inbox;

import java.util.Objects;

/**
 * What an inbox listener takes: an activity type and, narrower, the type of its embedded object, that object's
 * {@code ma:kind}, or "its object is one of ours" (by the lookup the node gives {@link InboxHandlers}). One listener
 * per key; {@link InboxHandlers} picks the narrowest key an activity matches.
 *
 * @param objectType the embedded object's type, or null for any object
 * @param kind       the embedded object's {@code ma:kind} (needs {@code objectType}), or null for any kind
 * @param objectIsOurs the object (embedded or an IRI) is one of this node's (excludes {@code objectType})
 */
public record InboxKey(String activityType, String objectType, String kind, boolean objectIsOurs) {

    public InboxKey {
        Objects.requireNonNull(activityType, "activityType");
        if (kind != null && objectType == null) {
            throw new IllegalArgumentException("a kind narrows an object type: name the object type too");
        }
        if (objectIsOurs && objectType != null) {
            throw new IllegalArgumentException("\"ours\" is for objects known only by their IRI: drop the object type");
        }
    }

    /** Every activity of that type that no narrower key takes. */
    public static InboxKey of(String activityType) {
        return new InboxKey(activityType, null, null, false);
    }

    /** Only activities whose embedded object has that type. */
    public InboxKey object(String type) {
        return new InboxKey(activityType, Objects.requireNonNull(type, "type"), kind, objectIsOurs);
    }

    /** Only embedded objects of that {@code ma:kind}, as read through Mutua's context. */
    public InboxKey kind(String kind) {
        return new InboxKey(activityType, objectType, Objects.requireNonNull(kind, "kind"), objectIsOurs);
    }

    /** Only activities whose object is one of this node's, whether embedded or an IRI. */
    public InboxKey ours() {
        return new InboxKey(activityType, objectType, kind, true);
    }

    @Override
    public String toString() {
        String object = objectType != null ? objectType + (kind != null ? " ma:kind=" + kind : "") : objectIsOurs ? "ours" : "any";
        return activityType + "{" + object + "}";
    }
}
