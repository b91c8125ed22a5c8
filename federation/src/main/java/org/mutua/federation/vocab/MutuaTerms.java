package org.mutua.federation.vocab;

import io.vertx.core.json.JsonObject;

/**
 * Mutua's own terms (FEDERATION.md 1.6), as they read in a document compacted against Mutua's context: always under
 * the {@code ma:} prefix, whatever prefix the sender chose. Read them only from such a document (on inbound activities,
 * {@code InboundActivity#mutuaObject()}): in the sender's JSON, {@code ma:} may be undefined or mean something else.
 */
public final class MutuaTerms {
    /** Namespace of {@code ma:} terms. */
    public static final String NAMESPACE = "https://w3id.org/mutua/ns#";
    /** The prefix Mutua writes and compacts to. */
    public static final String PREFIX = "ma";
    /** What a Mutua object is: one of the kinds below. */
    public static final String KIND = PREFIX + ":kind";
    public static final String GROUP_KIND = PREFIX + ":groupKind";
    public static final String MEMBERS = PREFIX + ":members";

    public static final String KIND_REQUEST = "request";
    public static final String KIND_OFFER = "offer";
    public static final String KIND_NOTICE = "notice";
    public static final String KIND_ASSEMBLY = "assembly";
    public static final String KIND_RSVP = "rsvp";
    public static final String KIND_DECISION_POLL = "decisionPoll";
    public static final String KIND_DECISION = "decision";
    public static final String KIND_CIRCLE_POST = "circlePost";

    private MutuaTerms() {
    }

    /** The {@code ma:kind} of an object compacted against Mutua's context, or null. */
    public static String kind(JsonObject compacted) {
        return compacted != null && compacted.getValue(KIND) instanceof String s ? s : null;
    }
}
