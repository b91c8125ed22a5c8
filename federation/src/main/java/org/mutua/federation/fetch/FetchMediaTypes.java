package org.mutua.federation.fetch;

import java.util.Locale;
import org.mutua.federation.ActivityPubMediaTypes;

/**
 * Content types a fetched document may carry. ActivityPub documents: {@code application/activity+json}, or
 * {@code application/ld+json} whose profile lists the ActivityStreams IRI, nothing else (FEDERATION.md §6 row 13;
 * Mastodon app/helpers/jsonld_helper.rb {@code body_to_json} path via {@code expected_type?} in request.rb). WebFinger:
 * {@code application/jrd+json} or {@code application/json} (RFC 7033 §10.2; older servers send plain JSON).
 */
final class FetchMediaTypes {
    static final String ACCEPT_ACTIVITY = ActivityPubMediaTypes.ACTIVITY_JSON + ", " + ActivityPubMediaTypes.LD_JSON
        + "; profile=\"" + ActivityPubMediaTypes.ACTIVITYSTREAMS_PROFILE + "\"";
    static final String ACCEPT_JRD = "application/jrd+json, application/json";

    private FetchMediaTypes() {
    }

    static boolean isActivityPub(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals(ActivityPubMediaTypes.ACTIVITY_JSON)) {
            return true;
        }
        if (!type.equals(ActivityPubMediaTypes.LD_JSON)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq < 0 || !p.substring(0, eq).trim().equalsIgnoreCase("profile")) {
                continue;
            }
            String value = p.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            // A profile parameter is a space-separated list of IRIs (RFC 6906).
            for (String iri : value.trim().split("\\s+")) {
                if (iri.equals(ActivityPubMediaTypes.ACTIVITYSTREAMS_PROFILE)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isJrd(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/jrd+json") || type.equals("application/json");
    }
}
