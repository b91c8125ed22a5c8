package org.mutua.federation.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class IdsTest {
    private static final String IRI = "https://a.example/n/1";

    @Test
    void aReferenceIsAnIriOrAnObjectWithAnId() {
        assertEquals(IRI, Ids.of(IRI));
        assertEquals(IRI, Ids.of(new JsonObject().put("id", IRI).put("type", "Note")));
        assertEquals(IRI, Ids.of(new JsonObject().put("object", IRI), "object"));
    }

    @Test
    void anythingElseHasNoId() {
        assertNull(Ids.of((Object) null));
        assertNull(Ids.of(42));
        assertNull(Ids.of(new JsonObject().put("type", "Note")), "an object without id");
        assertNull(Ids.of(new JsonObject().put("id", 7)), "an id that is not a string");
        assertNull(Ids.of(new JsonArray().add(IRI)), "an array is not one reference");
        assertNull(Ids.of(new JsonObject(), "object"));
    }

    @Test
    void aOneElementArrayIsOneReferenceOnlyWhereAsked() {
        assertEquals(IRI, Ids.ofSingle(new JsonArray().add(IRI)));
        assertEquals(IRI, Ids.ofSingle(new JsonArray().add(new JsonObject().put("id", IRI))));
        assertNull(Ids.ofSingle(new JsonArray().add(IRI).add("https://a.example/n/2")), "two actors are not one");
    }

    @Test
    void theEmbeddedObjectAndItsType() {
        JsonObject note = new JsonObject().put("id", IRI).put("type", new JsonArray().add("Note").add("ma:Extra"));
        JsonObject create = new JsonObject().put("object", note);
        assertEquals(note, Ids.embedded(create, "object"));
        assertNull(Ids.embedded(new JsonObject().put("object", IRI), "object"));
        assertEquals("Note", Ids.type(note));
        assertEquals("Note", Ids.type(new JsonObject().put("type", "Note")));
        assertNull(Ids.type(new JsonObject()));
    }
}
