package org.mutua.federation;

import java.util.Locale;

/** Content negotiation for ActivityPub ids (FEDERATION.md §1.1): JSON for servers, HTML for browsers. */
public final class ActivityPubMediaTypes {
    public static final String ACTIVITY_JSON = "application/activity+json";
    public static final String LD_JSON = "application/ld+json";
    /** The profile parameter of {@code application/ld+json}: the ActivityStreams context IRI. */
    public static final String ACTIVITYSTREAMS_PROFILE = org.mutua.federation.vocab.ActivityStreams.CONTEXT;

    private ActivityPubMediaTypes() {
    }

    /**
     * True when any listed media range is activity+json, ld+json (with or without the ActivityStreams profile) or
     * plain application/json. Browsers send text/html and {@code *}{@code /*}; those get HTML. Quality values are not
     * weighed: no browser lists an ActivityPub type, and every AP server lists nothing else (Mastodon
     * app/controllers/concerns/cache_concern.rb treats it the same way).
     */
    public static boolean wantsActivityJson(String acceptHeader) {
        if (acceptHeader == null || acceptHeader.isBlank()) {
            return false;
        }
        for (String range : acceptHeader.split(",")) {
            String type = range.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (type.equals(ACTIVITY_JSON) || type.equals(LD_JSON) || type.equals("application/json")) {
                return true;
            }
        }
        return false;
    }
}
