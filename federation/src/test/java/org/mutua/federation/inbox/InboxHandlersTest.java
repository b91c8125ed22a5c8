package org.mutua.federation.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboxHandlersTest {
    private static final InboundActivity DELETE = new InboundActivity("https://a.example/d/1", "Delete", "https://a.example/u/x",
        new JsonObject().put("object", "https://a.example/u/x"), "/inbox");

    @Test
    void everyFeatureListeningToATypeIsAskedInOrderAndTheWeightiestOutcomeWins() {
        List<String> asked = new ArrayList<>();
        InboxHandlers handlers = new InboxHandlers()
            .on("Delete", a -> { asked.add("follows"); return Future.succeededFuture(InboxOutcome.APPLIED); })
            .on("Delete", a -> { asked.add("notices"); return Future.succeededFuture(InboxOutcome.IGNORED); });
        assertEquals(InboxOutcome.APPLIED, handlers.forType("Delete").orElseThrow().handle(DELETE).result());
        assertEquals(List.of("follows", "notices"), asked);
    }

    @Test
    void aRefusalOutweighsAnotherFeaturesApplication() {
        InboxHandlers handlers = new InboxHandlers()
            .on("Delete", a -> Future.succeededFuture(InboxOutcome.REFUSED))
            .on("Delete", a -> Future.succeededFuture(InboxOutcome.APPLIED));
        assertEquals(InboxOutcome.REFUSED, handlers.forType("Delete").orElseThrow().handle(DELETE).result());
    }

    @Test
    void aFailingHandlerFailsTheActivity() {
        InboxHandlers handlers = new InboxHandlers()
            .on("Delete", a -> Future.failedFuture(new IllegalStateException("database down")))
            .on("Delete", a -> Future.succeededFuture(InboxOutcome.APPLIED));
        assertTrue(handlers.forType("Delete").orElseThrow().handle(DELETE).failed());
    }

    @Test
    void aTypeNobodyListensToHasNoHandler() {
        assertTrue(new InboxHandlers().forType("Move").isEmpty());
    }
}
