package org.mutua.federation.inbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InboundExpansionTest {
    @Test
    void aMastodonReplyIsNotExpanded() {
        assertFalse(InboundWorker.mayCarryMutuaTerms("""
            {"@context":["https://www.w3.org/ns/activitystreams",{"ostatus":"http://ostatus.org#","sensitive":"as:sensitive"}],
             "id":"https://social.example/users/alice/statuses/1/activity","type":"Create",
             "object":{"type":"Note","content":"<p>I have a ladder</p>"}}"""));
    }

    @Test
    void anActivityNamingTheMutuaContextOrNamespaceIsExpanded() {
        assertTrue(InboundWorker.mayCarryMutuaTerms("""
            {"@context":["https://www.w3.org/ns/activitystreams","https://aid.example/ns/mutua-v1.jsonld"],"type":"Create"}"""));
        assertTrue(InboundWorker.mayCarryMutuaTerms("""
            {"@context":["https://www.w3.org/ns/activitystreams",{"ma":"https://w3id.org/mutua/ns#"}],"type":"Offer"}"""));
        assertTrue(InboundWorker.mayCarryMutuaTerms("""
            {"@context":"https://www.w3.org/ns/activitystreams","https://w3id.org/mutua/ns#kind":"request"}"""));
    }
}
