package org.mutua.federation.inbox;

import io.vertx.core.json.JsonObject;
import org.mutua.federation.vocab.ActivityTypes;
import org.mutua.federation.vocab.Ids;
import org.mutua.federation.vocab.MutuaTerms;

/**
 * An activity that passed every synchronous check: its actor signed it, ids sit on the actor's host, caps hold.
 *
 * @param activity the activity as received (compacted JSON; handlers must accept scalar-or-array forms); read
 *                 ActivityStreams terms here, as Mastodon does
 * @param inbox    the inbox path it was posted to ("/inbox" for the shared inbox)
 * @param mutua    the activity compacted against Mutua's own context, where {@code ma:} terms read the same under
 *                 any prefix the sender chose; null when the body names neither Mutua's context nor its namespace,
 *                 so cannot carry those terms ({@link InboundWorker#mayCarryMutuaTerms})
 */
public record InboundActivity(String id, String type, String actor, JsonObject activity, String inbox, JsonObject mutua) {

    /** An activity whose body carries no Mutua terms (or whose terms are not needed: the synchronous checks). */
    public InboundActivity(String id, String type, String actor, JsonObject activity, String inbox) {
        this(id, type, actor, activity, inbox, null);
    }

    /** The object's id, whether the object is embedded or an IRI; null when absent. */
    public String objectId() {
        return Ids.of(activity, "object");
    }

    /** The embedded object, or null when the object is only an IRI. */
    public JsonObject embeddedObject() {
        return Ids.embedded(activity, "object");
    }

    /** The embedded object's type (the first, if several); null when the object is only an IRI or has none. */
    public String objectType() {
        JsonObject o = embeddedObject();
        return o == null ? null : Ids.type(o);
    }

    /**
     * The embedded object as read through Mutua's context: read {@code ma:} terms here ({@link MutuaTerms}), never in
     * {@link #embeddedObject()}. Null when the body cannot carry Mutua's terms or the object is only an IRI.
     */
    public JsonObject mutuaObject() {
        return mutua == null ? null : Ids.embedded(mutua, "object");
    }

    /** The embedded object's {@code ma:kind}, under whatever prefix it was sent; null when it has none. */
    public String kind() {
        return MutuaTerms.kind(mutuaObject());
    }

    /** A {@code Delete} whose object is its own actor: the account is gone (Mastodon delete.rb delete_person). */
    public boolean deletesItsActor() {
        return ActivityTypes.DELETE.equals(type) && actor != null && actor.equals(objectId());
    }
}
