package org.mutua.federation.inbox;

import io.vertx.core.json.JsonObject;

/**
 * An activity that passed every synchronous check: its actor signed it, ids sit on the actor's host, caps hold.
 *
 * @param activity the activity as received (compacted JSON; handlers must accept scalar-or-array forms)
 * @param inbox    the inbox path it was posted to ("/inbox" for the shared inbox)
 */
public record InboundActivity(String id, String type, String actor, JsonObject activity, String inbox) {

    /** The object's id, whether the object is embedded or an IRI; null when absent. */
    public String objectId() {
        Object o = activity.getValue("object");
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof JsonObject j) {
            return j.getString("id");
        }
        return null;
    }

    /** The embedded object, or null when the object is only an IRI. */
    public JsonObject embeddedObject() {
        return activity.getValue("object") instanceof JsonObject j ? j : null;
    }
}
