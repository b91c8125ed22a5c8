package org.mutua.server.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mutua.config.MutuaConfig;
import org.mutua.federation.keys.ActorKeyGenerator;
import org.mutua.federation.keys.ActorKeys;
import org.mutua.federation.vocab.ActivityStreams;
import org.mutua.server.actors.ActorKind;
import org.mutua.server.actors.LocalActor;
import org.mutua.server.actors.Uris;

/** One case per audience of FEDERATION.md 7: who publishes, {@code to}, {@code cc} and whose inboxes. */
class AudienceTest {
    private static final Uris URIS = new Uris(MutuaConfig.of(Map.of("MUTUA_DOMAIN", "aid.example")));
    private static LocalActor ana;
    private static LocalActor eastside;
    private static LocalActor carers;

    @BeforeAll
    static void actors() {
        ActorKeys keys = new ActorKeyGenerator().generate();
        ana = new LocalActor("ana", ActorKind.PERSON, "Ana", "", keys, Instant.EPOCH);
        eastside = new LocalActor("eastside", ActorKind.GROUP, "Eastside", "", keys, Instant.EPOCH);
        carers = new LocalActor("carers", ActorKind.GROUP, "Carers", "", keys, Instant.EPOCH);
    }

    private static Audience.Voices all() {
        return new Audience.Voices(ana, eastside, carers, List.of("https://peer.example/u/bo"));
    }

    private static boolean mentionsPublic(Addressing a) {
        return a.to().stream().anyMatch(ActivityStreams::isPublic) || a.cc().stream().anyMatch(ActivityStreams::isPublic);
    }

    @Test
    void publicIsToPublicWithTheAuthorsFollowersInCc() {
        Addressing a = Audience.PUBLIC.addressing(all(), URIS);
        assertSame(ana, a.actor());
        assertEquals(List.of(ActivityStreams.PUBLIC), a.to());
        assertEquals(List.of("https://aid.example/u/ana/followers"), a.cc());
        assertEquals(new Addressing.FollowersOf(ana), a.recipients());
    }

    @Test
    void followersIsToTheAuthorsFollowersCollectionOnly() {
        Addressing a = Audience.FOLLOWERS.addressing(all(), URIS);
        assertSame(ana, a.actor());
        assertEquals(List.of("https://aid.example/u/ana/followers"), a.to());
        assertEquals(List.of(), a.cc());
        assertFalse(mentionsPublic(a));
        assertEquals(new Addressing.FollowersOf(ana), a.recipients());
    }

    @Test
    void neighbourhoodIsPublishedByTheGroupToItsFollowersAndNeverNamesTheMember() {
        Addressing a = Audience.NEIGHBOURHOOD.addressing(all(), URIS);
        assertSame(eastside, a.actor(), "published by the neighbourhood's Group (FEDERATION.md 3.1)");
        assertEquals(List.of("https://aid.example/g/eastside/followers"), a.to());
        assertEquals(List.of(), a.cc());
        assertFalse(mentionsPublic(a));
        assertFalse((a.to() + " " + a.cc()).contains("/u/ana"), "the member is in no addressing field");
        assertEquals(new Addressing.FollowersOf(eastside), a.recipients());
    }

    @Test
    void aCircleAudienceNeverContainsPublicOrThePostingMembersFollowers() {
        Addressing a = Audience.CIRCLE.addressing(all(), URIS);
        assertSame(carers, a.actor());
        assertEquals(List.of("https://aid.example/g/carers/followers"), a.to());
        assertFalse(mentionsPublic(a));
        assertFalse(a.to().contains(URIS.followers(ana)) || a.cc().contains(URIS.followers(ana)));
        assertEquals(new Addressing.FollowersOf(carers), a.recipients(), "delivered to the circle's approved members only");
    }

    @Test
    void directGoesToTheAddresseesOnly() {
        Addressing a = Audience.DIRECT.addressing(all(), URIS);
        assertSame(ana, a.actor());
        assertEquals(List.of("https://peer.example/u/bo"), a.to());
        assertEquals(List.of(), a.cc());
        assertFalse(mentionsPublic(a));
        assertEquals(new Addressing.Addressees(List.of("https://peer.example/u/bo")), a.recipients());
    }

    @Test
    void nodeOnlyIsAddressedToNobodyAndNeverDelivered() {
        Addressing a = Audience.LOCAL.addressing(all(), URIS);
        assertEquals(List.of(), a.to());
        assertEquals(List.of(), a.cc());
        assertInstanceOf(Addressing.Nobody.class, a.recipients());
        assertFalse(a.delivered());
    }

    @Test
    void anAudienceMissingItsVoiceIsAProgrammingErrorNotASilentFallback() {
        Audience.Voices onlyAna = Audience.Voices.of(ana);
        assertThrows(IllegalArgumentException.class, () -> Audience.NEIGHBOURHOOD.addressing(onlyAna, URIS));
        assertThrows(IllegalArgumentException.class, () -> Audience.CIRCLE.addressing(onlyAna, URIS));
        assertThrows(IllegalArgumentException.class, () -> Audience.DIRECT.addressing(onlyAna, URIS));
    }

    @Test
    void everyAudienceHasTheWordOfFederationMdSection7() {
        assertEquals(List.of("public", "neighbourhood", "followers", "local", "circle", "direct"),
            java.util.Arrays.stream(Audience.values()).map(Audience::wire).toList());
        for (Audience a : Audience.values()) {
            assertEquals(a, Audience.parse(a.wire()).orElseThrow());
            assertTrue(a == Audience.LOCAL || a.addressing(all(), URIS).delivered(), a + " is delivered");
        }
    }
}
