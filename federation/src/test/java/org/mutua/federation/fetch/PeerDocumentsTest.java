package org.mutua.federation.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mutua.federation.vocab.ActivityStreams;
import org.mutua.federation.vocab.ActivityTypes;
import org.mutua.federation.vocab.Ids;

/**
 * Documents captured from real peers (src/test/resources/peers, each named in its SOURCES.md) read through the same
 * readers the inbox and the key resolver use: actors parse and their keys resolve; activities give their actor,
 * object, type and audience through {@code federation.vocab}.
 */
class PeerDocumentsTest {
    static JsonObject peer(String name) {
        return new JsonObject(FixtureServer.resource("peers/" + name));
    }

    @Nested
    class Actors {
        Vertx vertx;
        FixtureServer server;
        RemoteFetcher fetcher;
        KeyResolver keys;

        @BeforeEach
        void start() {
            vertx = Vertx.vertx();
            server = Await.result(new FixtureServer().start(vertx));
            fetcher = server.devFetcher(vertx, FetchLimits.defaults());
            keys = new KeyResolver(fetcher, Clock.systemUTC());
        }

        @AfterEach
        void stop() {
            fetcher.close();
            Await.result(server.close());
            Await.result(vertx.close());
        }

        @Test
        void aGoToSocialPersonParsesAndItsKeyStubResolvesThroughItsOwner() {
            RemoteActor zork = RemoteActor.parse(peer("gotosocial/person-the_mighty_zork.json"), true);
            assertEquals(URI.create("http://localhost:8080/users/the_mighty_zork"), zork.id());
            assertEquals("the_mighty_zork", zork.preferredUsername());
            assertEquals("original zork (he/they)", zork.name());
            assertNull(zork.sharedInbox(), "GtS has no shared inbox");
            assertEquals(URI.create("http://localhost:8080/users/the_mighty_zork/main-key"), zork.publicKeys().get(0).id());

            // GtS serves the key id as a stub naming its owner (what KeyResolverTest's gtsActor imitates).
            JsonObject actor = server.peer("peers/gotosocial/person-the_mighty_zork.json", "http://localhost:8080", "gts.test");
            server.activity("gts.test", "/users/the_mighty_zork", actor);
            server.activity("gts.test", "/users/the_mighty_zork/main-key", new JsonObject()
                .put("id", server.url("gts.test", "/users/the_mighty_zork/main-key")).put("type", "CryptographicKey")
                .put("owner", actor.getString("id")).put("publicKeyPem", actor.getJsonObject("publicKey").getString("publicKeyPem")));
            ResolvedKey key = Await.result(keys.publicKey(server.url("gts.test", "/users/the_mighty_zork/main-key")));
            assertEquals(URI.create(actor.getString("id")), key.ownerActorId());
            assertEquals("RSA", key.publicKey().getAlgorithm());
            assertEquals(List.of("/users/the_mighty_zork/main-key", "/users/the_mighty_zork"),
                server.seen.stream().map(FixtureServer.Seen::path).toList(), "the stub, then its owner");
        }

        @Test
        void aMobilizonPersonParsesAndItsPkcs1RsaKeyResolves() {
            RemoteActor alicia = RemoteActor.parse(peer("mobilizon/person-alicia.json"), false);
            assertEquals(URI.create("https://test.mobilizon.org/@Alicia"), alicia.id());
            assertEquals("Alicia", alicia.preferredUsername());
            assertEquals(URI.create("https://test.mobilizon.org/inbox"), alicia.sharedInbox());
            assertTrue(alicia.publicKeys().get(0).publicKeyPem().contains("BEGIN RSA PUBLIC KEY"), "Mobilizon publishes PKCS#1");

            server.activity("mobilizon.test", "/@Alicia", server.peer("peers/mobilizon/person-alicia.json", "https://test.mobilizon.org", "mobilizon.test"));
            ResolvedKey key = Await.result(keys.publicKey(server.url("mobilizon.test", "/@Alicia#main-key")));
            assertEquals("RSA", key.publicKey().getAlgorithm());
            assertEquals(URI.create(server.url("mobilizon.test", "/@Alicia")), key.ownerActorId());
        }

        @Test
        void aFedifyPersonParsesWithItsRsaKeyAndBothMultikeys() {
            RemoteActor alice = RemoteActor.parse(peer("fedify/fedify-2.3.6-person.json"), false);
            assertEquals(URI.create("https://fedify-a.example/users/alice"), alice.id());
            assertEquals("alice", alice.preferredUsername());
            assertEquals(URI.create("https://fedify-a.example/users/alice#multikey-1"), alice.assertionMethods().get(0).id(), "in the order served");
            assertEquals(URI.create("https://fedify-a.example/inbox"), alice.sharedInbox());
            assertEquals(2, alice.assertionMethods().size());
            assertTrue(alice.keyById(URI.create("https://fedify-a.example/users/alice#multikey-2")).isPresent());

            server.activity("fedify.test", "/users/alice", server.peer("peers/fedify/fedify-2.3.6-person.json", "https://fedify-a.example", "fedify.test"));
            assertEquals("RSA", Await.result(keys.publicKey(server.url("fedify.test", "/users/alice#main-key"))).publicKey().getAlgorithm());
            assertEquals("EdDSA", Await.result(keys.publicKey(server.url("fedify.test", "/users/alice#multikey-2"))).publicKey().getAlgorithm());
        }
    }

    @Nested
    class Activities {
        @Test
        void mastodonsPublicCreateWithAMentionReadsAsPublicWithItsMentionInCc() {
            JsonObject create = peer("mastodon/create-note-mention.json");
            JsonObject note = Ids.embedded(create, "object");
            assertEquals(ActivityTypes.CREATE, Ids.type(create));
            assertEquals("Note", Ids.type(note));
            assertEquals(Ids.of(create, "actor"), Ids.of(note, "attributedTo"));
            assertTrue(ActivityStreams.addressesPublic(create));
            assertTrue(ActivityStreams.addressesPublic(note));
            assertEquals("Mention", note.getJsonArray("tag").getJsonObject(0).getString("type"));
            assertTrue(note.getJsonArray("cc").contains(note.getJsonArray("tag").getJsonObject(0).getString("href")));
        }

        @Test
        void mastodonsFollowersOnlyCreateIsNotPublicAndAddressesTheFollowersAsAScalar() {
            JsonObject create = peer("mastodon/create-note-followers-only.json");
            JsonObject note = Ids.embedded(create, "object");
            assertFalse(ActivityStreams.addressesPublic(create));
            assertFalse(ActivityStreams.addressesPublic(note));
            assertEquals(Ids.of(create, "actor") + "/followers", note.getString("to"));
        }

        @Test
        void goToSocialsCreateAddressesPublicAsAScalar() {
            JsonObject create = peer("gotosocial/create-note.json");
            assertEquals(ActivityTypes.CREATE, Ids.type(create));
            assertTrue(ActivityStreams.addressesPublic(create));
            assertTrue(ActivityStreams.addressesPublic(Ids.embedded(create, "object")));
            assertEquals("http://localhost:8080/users/the_mighty_zork", Ids.of(create, "actor"));
        }

        @Test
        void mobilizonsCreateEventIsPublicAndAnEventNotANote() {
            JsonObject create = peer("mobilizon/create-event.json");
            JsonObject event = Ids.embedded(create, "object");
            assertEquals("Event", Ids.type(event));
            assertTrue(ActivityStreams.addressesPublic(event));
            assertEquals(Ids.of(create, "actor"), Ids.of(event, "attributedTo"));
        }

        @Test
        void mastodonsLikeAndAnnounceNameTheirObjectByIri() {
            JsonObject like = peer("mastodon/like.json");
            assertEquals(ActivityTypes.LIKE, Ids.type(like));
            assertEquals("http://localtesting.pleroma.lol/objects/eb92579d-3417-42a8-8652-2492c2d4f454", Ids.of(like, "object"));
            assertNull(Ids.embedded(like, "object"));
            assertFalse(ActivityStreams.addressesPublic(like), "Mastodon's Like carries no addressing");
            JsonObject announce = peer("mastodon/announce.json");
            assertEquals(ActivityTypes.ANNOUNCE, Ids.type(announce));
            assertTrue(ActivityStreams.addressesPublic(announce));
            assertEquals("https://social.tcit.fr/@tcit/101188891162897047", Ids.of(announce, "object"));
        }

        @Test
        void mastodonsUndoFollowEmbedsTheFollowByItsFragmentId() {
            JsonObject undo = peer("mastodon/undo-follow.json");
            JsonObject follow = Ids.embedded(undo, "object");
            assertEquals(ActivityTypes.UNDO, Ids.type(undo));
            assertEquals(ActivityTypes.FOLLOW, Ids.type(follow));
            assertEquals("https://social.tcit.fr/users/tcit#follows/2", Ids.of(undo, "object"));
            assertEquals(Ids.of(undo, "actor"), Ids.of(follow, "actor"));
        }

        @Test
        void mastodonsDeleteOfAnActorNamesItselfAsTheObject() {
            JsonObject delete = peer("mastodon/delete-actor.json");
            assertEquals(ActivityTypes.DELETE, Ids.type(delete));
            assertEquals(Ids.of(delete, "actor"), Ids.of(delete, "object"));
            assertEquals("Person", Ids.type(Ids.embedded(delete, "object")));
        }

        @Test
        void fedifysFollowAddressesItsTargetAsAScalarAndCarriesProofs() {
            JsonObject follow = peer("fedify/follow.json");
            assertEquals(ActivityTypes.FOLLOW, Ids.type(follow));
            assertEquals("https://fedify-a.example/users/alice", Ids.ofSingle(follow.getValue("actor")));
            assertEquals("https://fedify-b.example/users/bob", Ids.of(follow, "object"));
            assertEquals(Ids.of(follow, "object"), follow.getString("to"));
            assertNotNull(follow.getJsonObject("proof"), "FEP-8b32 proof, to be tolerated");
            assertNotNull(follow.getJsonObject("signature"), "LD signature, to be tolerated");
        }
    }
}
