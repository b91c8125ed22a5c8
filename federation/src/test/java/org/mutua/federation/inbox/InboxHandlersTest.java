package org.mutua.federation.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mutua.federation.jsonld.BundledContexts;
import org.mutua.federation.jsonld.JsonLd;

/** The typed inbox registry: one listener per key, the narrowest key wins, an actor's own Delete goes to everyone. */
class InboxHandlersTest {
    private static final String ACTOR = "https://a.example/u/x";
    private static final String NODE = "https://aid.example";
    private static final InboundActivity DELETE = new InboundActivity("https://a.example/d/1", "Delete", ACTOR,
        new JsonObject().put("object", ACTOR), "/inbox");
    private static final JsonLd JSON_LD = new JsonLd(new BundledContexts());

    /** Which listener took the activity, by name; "" when none did. */
    private final List<String> took = new ArrayList<>();

    private InboxHandler named(String name) {
        return a -> {
            took.add(name);
            return Future.succeededFuture(InboxOutcome.APPLIED);
        };
    }

    private InboxOutcome dispatch(InboxHandlers handlers, InboundActivity activity) {
        took.clear();
        return handlers.dispatch(activity).result();
    }

    private static InboundActivity activity(String type, Object object) {
        return new InboundActivity("https://a.example/a/1", type, ACTOR, new JsonObject().put("type", type).put("object", object), "/inbox");
    }

    /** As the inbound worker reads it: the JSON as received, and its compaction against Mutua's context. */
    private static InboundActivity read(String body) {
        JsonObject json = new JsonObject(body);
        JsonObject mutua = InboundWorker.mayCarryMutuaTerms(body) ? JSON_LD.compactToMutua(body) : null;
        return new InboundActivity(json.getString("id"), json.getString("type"), ACTOR, json, "/inbox", mutua);
    }

    @Test
    void registeringTheSameKeyTwiceFailsAtStartUp() {
        InboxHandlers handlers = new InboxHandlers().on(InboxKey.of("Create").object("Note"), named("notices"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> handlers.on(InboxKey.of("Create").object("Note"), named("requests")));
        assertTrue(e.getMessage().contains("Create{Note}"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new InboxHandlers().on("Follow", named("a")).on("Follow", named("b")));
        assertThrows(IllegalStateException.class, () -> new InboxHandlers()
            .on(InboxKey.of("Create").object("Question").kind("decisionPoll"), named("a"))
            .on(InboxKey.of("Create").object("Question").kind("decisionPoll"), named("b")));
        assertThrows(IllegalStateException.class, () -> new InboxHandlers()
            .on(InboxKey.of("Like").ours(), named("a")).on(InboxKey.of("Like").ours(), named("b")));
    }

    @Test
    void keysThatCannotMatchAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new InboxKey("Create", null, "request", false), "a kind without an object type");
        assertThrows(IllegalArgumentException.class, () -> InboxKey.of("Like").object("Note").ours(), "ours is for objects known by IRI");
    }

    @Test
    void anActivityNoListenerTakesIsIgnored() {
        InboxHandlers handlers = new InboxHandlers().on("Create", named("notices"));
        assertEquals(InboxOutcome.IGNORED, dispatch(handlers, activity("Move", ACTOR)));
        assertEquals(List.of(), took);
        assertEquals(InboxOutcome.IGNORED, dispatch(new InboxHandlers(), activity("Create", new JsonObject().put("type", "Note"))));
    }

    @Test
    void theObjectsTypeRoutesACreateOfANoteAndACreateOfAQuestionToDifferentListeners() {
        InboxHandlers handlers = new InboxHandlers()
            .on(InboxKey.of("Create").object("Note"), named("notices"))
            .on(InboxKey.of("Create").object("Question"), named("assemblies"));
        dispatch(handlers, activity("Create", new JsonObject().put("id", "https://a.example/n/1").put("type", "Note")));
        assertEquals(List.of("notices"), took);
        dispatch(handlers, activity("Create", new JsonObject().put("id", "https://a.example/q/1").put("type", "Question")));
        assertEquals(List.of("assemblies"), took);
        dispatch(handlers, activity("Create", new JsonObject().put("id", "https://a.example/q/2").put("type", new io.vertx.core.json.JsonArray().add("Question").add("Other"))));
        assertEquals(List.of("assemblies"), took, "the first of several types");
        assertEquals(InboxOutcome.IGNORED, dispatch(handlers, activity("Create", new JsonObject().put("type", "Event"))));
        assertEquals(List.of(), took, "an Event has no listener, and no catch-all was registered");
    }

    @Test
    void theNarrowestKeyWinsAndWiderKeysTakeTheRest() {
        InboxHandlers handlers = new InboxHandlers()
            .on("Create", named("any"))
            .on(InboxKey.of("Create").object("Note"), named("notes"))
            .on(InboxKey.of("Create").object("Note").kind("request"), named("requests"));
        String body = """
            {"@context":["https://www.w3.org/ns/activitystreams",{"ma":"https://w3id.org/mutua/ns#"}],
             "id":"https://a.example/a/2","type":"Create","actor":"https://a.example/u/x",
             "object":{"id":"https://a.example/n/2","type":"Note","ma:kind":"%s"}}""";
        dispatch(handlers, read(body.formatted("request")));
        assertEquals(List.of("requests"), took);
        dispatch(handlers, read(body.formatted("offer")));
        assertEquals(List.of("notes"), took, "a kind nobody listens to falls back to the object type");
        dispatch(handlers, activity("Create", new JsonObject().put("type", "Event")));
        assertEquals(List.of("any"), took);
        dispatch(handlers, activity("Create", "https://a.example/n/3"));
        assertEquals(List.of("any"), took, "an object known only by its IRI has no type to route by");
    }

    @Test
    void theKindRoutesQuestionsOfOneTypeToTheirFeature() {
        InboxHandlers handlers = new InboxHandlers()
            .on(InboxKey.of("Create").object("Question").kind("decisionPoll"), named("decisions"))
            .on(InboxKey.of("Create").object("Question").kind("rsvp"), named("assemblies"));
        String body = """
            {"@context":["https://www.w3.org/ns/activitystreams",{"ma":"https://w3id.org/mutua/ns#"}],
             "id":"https://a.example/a/3","type":"Create","actor":"https://a.example/u/x",
             "object":{"id":"https://a.example/q/3","type":"Question","ma:kind":"%s"}}""";
        dispatch(handlers, read(body.formatted("decisionPoll")));
        assertEquals(List.of("decisions"), took);
        dispatch(handlers, read(body.formatted("rsvp")));
        assertEquals(List.of("assemblies"), took);
    }

    @Test
    void aMutuaTermUnderAnotherPrefixOrByItsFullIriReadsTheSame() {
        InboxHandlers handlers = new InboxHandlers()
            .on(InboxKey.of("Create").object("Question").kind("decisionPoll"), named("decisions"))
            .on(InboxKey.of("Create").object("Question"), named("polls"));
        for (String spelling : List.of(
            """
            {"@context":["https://www.w3.org/ns/activitystreams",{"mutua":"https://w3id.org/mutua/ns#"}],
             "id":"https://a.example/a/4","type":"Create","object":{"id":"https://a.example/q/4","type":"Question","mutua:kind":"decisionPoll"}}""",
            """
            {"@context":"https://www.w3.org/ns/activitystreams",
             "id":"https://a.example/a/5","type":"Create","object":{"id":"https://a.example/q/5","type":"Question","https://w3id.org/mutua/ns#kind":"decisionPoll"}}""",
            """
            {"@context":["https://www.w3.org/ns/activitystreams",{"k":"https://w3id.org/mutua/ns#kind"}],
             "id":"https://a.example/a/6","type":"Create","object":{"id":"https://a.example/q/6","type":"Question","k":["decisionPoll"]}}""")) {
            InboundActivity a = read(spelling);
            assertEquals("decisionPoll", a.kind(), spelling);
            dispatch(handlers, a);
            assertEquals(List.of("decisions"), took, spelling);
        }
    }

    @Test
    void maUnderAnotherMeaningIsNotMutuasKind() {
        InboxHandlers handlers = new InboxHandlers()
            .on(InboxKey.of("Create").object("Question").kind("decisionPoll"), named("decisions"))
            .on(InboxKey.of("Create").object("Question"), named("polls"));
        // "ma" bound to someone else's namespace: the body names Mutua's nowhere, so it is not even expanded.
        InboundActivity other = read("""
            {"@context":["https://www.w3.org/ns/activitystreams",{"ma":"https://other.example/ns#"}],
             "id":"https://a.example/a/7","type":"Create","object":{"id":"https://a.example/q/7","type":"Question","ma:kind":"decisionPoll"}}""");
        assertNull(other.mutua());
        assertNull(other.kind());
        dispatch(handlers, other);
        assertEquals(List.of("polls"), took);
        // The namespace named, but "ma" bound elsewhere: read through Mutua's context, there is no Mutua kind.
        InboundActivity both = read("""
            {"@context":["https://www.w3.org/ns/activitystreams",{"ma":"https://other.example/ns#","mutua":"https://w3id.org/mutua/ns#"}],
             "id":"https://a.example/a/8","type":"Create","object":{"id":"https://a.example/q/8","type":"Question","ma:kind":"decisionPoll"}}""");
        assertNull(both.kind());
        dispatch(handlers, both);
        assertEquals(List.of("polls"), took);
    }

    @Test
    void theOursLookupRoutesAnActivityWhoseObjectIsOnlyAnIriOfOurs() {
        AtomicInteger asked = new AtomicInteger();
        InboxHandlers handlers = new InboxHandlers(iri -> {
            asked.incrementAndGet();
            return iri.startsWith(NODE + "/");
        })
            .on(InboxKey.of("Like").ours(), named("notices"))
            .on("Like", named("elsewhere"));
        dispatch(handlers, activity("Like", NODE + "/notices/1"));
        assertEquals(List.of("notices"), took);
        assertEquals(1, asked.get(), "decided once");
        dispatch(handlers, activity("Like", new JsonObject().put("id", NODE + "/notices/2").put("type", "Note")));
        assertEquals(List.of("notices"), took, "an embedded object of ours, with no listener for its type");
        dispatch(handlers, activity("Like", "https://aid.example.evil.example/notices/1"));
        assertEquals(List.of("elsewhere"), took, "not ours");
        asked.set(0);
        new InboxHandlers(iri -> {
            asked.incrementAndGet();
            return true;
        }).on(InboxKey.of("Create").object("Note"), named("notices")).dispatch(activity("Create", new JsonObject().put("type", "Note")));
        assertEquals(0, asked.get(), "not asked for a type without an \"ours\" key");
    }

    @Test
    void anUndoByIdGoesToTheFeatureThatRecordedWhatItTakesBack() {
        String follow = "https://a.example/follows/1";
        String like = "https://a.example/likes/1";
        AtomicInteger asked = new AtomicInteger();
        InboxHandlers handlers = new InboxHandlers()
            .on(InboxKey.of("Undo").object("Follow"), named("follows"))
            .on(InboxKey.of("Undo").object("Like"), named("notices"))
            .on(InboxKey.of("Create").object("Note"), named("replies"))
            .lookup(iri -> { asked.incrementAndGet(); return Future.succeededFuture(iri.equals(follow) ? Optional.of("Follow") : Optional.empty()); })
            .lookup(iri -> { asked.incrementAndGet(); return Future.succeededFuture(iri.equals(like) ? Optional.of("Like") : Optional.empty()); });
        dispatch(handlers, activity("Undo", follow));
        assertEquals(List.of("follows"), took);
        dispatch(handlers, activity("Undo", like));
        assertEquals(List.of("notices"), took);
        assertEquals(InboxOutcome.IGNORED, dispatch(handlers, activity("Undo", "https://a.example/unknown/1")));
        assertEquals(List.of(), took, "nobody recorded it");
        asked.set(0);
        dispatch(handlers, activity("Undo", new JsonObject().put("id", like).put("type", "Like")));
        dispatch(handlers, activity("Create", new JsonObject().put("id", "https://a.example/n/1").put("type", "Note")));
        dispatch(handlers, activity("Like", "https://aid.example/notices/1"));
        assertEquals(0, asked.get(), "embedded objects, and types without typed keys, never wait for a lookup");
    }

    @Test
    void anActorDeletingItselfGoesToEverySubscriberInOrderAndTheWeightiestOutcomeWins() {
        List<String> asked = new ArrayList<>();
        InboxHandlers handlers = new InboxHandlers()
            .on("Delete", named("objects"))
            .onActorDeleted(a -> { asked.add("follows"); return Future.succeededFuture(InboxOutcome.APPLIED); })
            .onActorDeleted(a -> { asked.add("notices"); return Future.succeededFuture(InboxOutcome.IGNORED); });
        assertEquals(InboxOutcome.APPLIED, dispatch(handlers, DELETE));
        assertEquals(List.of("follows", "notices"), asked);
        assertEquals(List.of(), took, "no Delete key sees an actor deleting itself");
        dispatch(handlers, activity("Delete", "https://a.example/n/1"));
        assertEquals(List.of("objects"), took, "a Delete of anything else goes to its key");
    }

    @Test
    void anActorDeletingItselfWithItsObjectEmbeddedIsTheSamePath() {
        List<String> asked = new ArrayList<>();
        InboxHandlers handlers = new InboxHandlers().on("Delete", named("objects"))
            .onActorDeleted(a -> { asked.add("follows"); return Future.succeededFuture(InboxOutcome.APPLIED); });
        dispatch(handlers, activity("Delete", new JsonObject().put("id", ACTOR).put("type", "Person")));
        assertEquals(List.of("follows"), asked);
        assertEquals(List.of(), took);
    }

    @Test
    void aRefusalOutweighsAnotherFeaturesApplication() {
        InboxHandlers handlers = new InboxHandlers()
            .onActorDeleted(a -> Future.succeededFuture(InboxOutcome.REFUSED))
            .onActorDeleted(a -> Future.succeededFuture(InboxOutcome.APPLIED));
        assertEquals(InboxOutcome.REFUSED, handlers.dispatch(DELETE).result());
    }

    @Test
    void aFailingSubscriberFailsTheActivity() {
        InboxHandlers handlers = new InboxHandlers()
            .onActorDeleted(a -> Future.failedFuture(new IllegalStateException("database down")))
            .onActorDeleted(a -> Future.succeededFuture(InboxOutcome.APPLIED));
        assertTrue(handlers.dispatch(DELETE).failed());
    }

    @Test
    void anActorDeletingItselfWithNoSubscriberIsIgnored() {
        assertEquals(InboxOutcome.IGNORED, new InboxHandlers().dispatch(DELETE).result());
    }
}
