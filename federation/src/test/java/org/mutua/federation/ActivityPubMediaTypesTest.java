package org.mutua.federation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActivityPubMediaTypesTest {
    @Test
    void activityPubClientsGetJson() {
        assertTrue(ActivityPubMediaTypes.wantsActivityJson("application/activity+json"));
        assertTrue(ActivityPubMediaTypes.wantsActivityJson("application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""));
        // What Mastodon sends (app/lib/request.rb / FEDERATION.md §2 outgoing GETs).
        assertTrue(ActivityPubMediaTypes.wantsActivityJson("application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""));
        assertTrue(ActivityPubMediaTypes.wantsActivityJson("application/ld+json"));
        assertTrue(ActivityPubMediaTypes.wantsActivityJson("Application/JSON"));
    }

    @Test
    void browsersGetHtml() {
        assertFalse(ActivityPubMediaTypes.wantsActivityJson("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        assertFalse(ActivityPubMediaTypes.wantsActivityJson("*/*"));
        assertFalse(ActivityPubMediaTypes.wantsActivityJson(null));
        assertFalse(ActivityPubMediaTypes.wantsActivityJson(""));
        assertFalse(ActivityPubMediaTypes.wantsActivityJson("application/activity+jsonx"));
    }
}
