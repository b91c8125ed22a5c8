package org.mutua.federation.vocab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ActivityStreamsTest {
    @Test
    void publicByItsFullIriIsPublic() {
        assertTrue(ActivityStreams.isPublic("https://www.w3.org/ns/activitystreams#Public"));
        assertTrue(ActivityStreams.addressesPublic(new JsonObject().put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))));
    }

    @Test
    void publicAsACompactIriIsPublic() {
        assertTrue(ActivityStreams.isPublic("as:Public"));
        assertTrue(ActivityStreams.addressesPublic(new JsonObject().put("to", "as:Public")));
    }

    @Test
    void publicAsTheBareTermIsPublic() {
        assertTrue(ActivityStreams.isPublic("Public"));
        assertTrue(ActivityStreams.addressesPublic(new JsonObject().put("cc", new JsonArray().add("https://b.example/followers").add("Public"))));
    }

    @Test
    void publicEmbeddedAsAnObjectIsPublic() {
        assertTrue(ActivityStreams.isPublic(new JsonObject().put("id", "as:Public")));
    }

    @Test
    void nearMissesAreNotPublic() {
        for (String s : new String[] {"http://www.w3.org/ns/activitystreams#Public", "public", "https://www.w3.org/ns/activitystreams#public",
            "https://www.w3.org/ns/activitystreams", "https://evil.example/#Public", "ma:Public"}) {
            assertFalse(ActivityStreams.isPublic(s), s);
        }
        assertFalse(ActivityStreams.isPublic(null));
        assertFalse(ActivityStreams.addressesPublic(new JsonObject().put("to", new JsonArray().add("https://b.example/followers"))));
        assertFalse(ActivityStreams.addressesPublic(new JsonObject()), "no audience at all");
        assertFalse(ActivityStreams.addressesPublic(new JsonObject().put("bto", "as:Public")), "only to and cc publish");
    }
}
