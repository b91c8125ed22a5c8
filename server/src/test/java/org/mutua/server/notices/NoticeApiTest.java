package org.mutua.server.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.testing.Fixtures;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;

/** {@code GET /api/mutua/v1/notices}: the notices a member may read, filtered and paged like every list. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoticeApiTest {
    private static final String NOTICES = "/api/mutua/v1/notices";
    private TestNode node;
    private Http api;
    private String ana;
    private String bo;

    @BeforeAll
    void start() {
        node = TestNode.start(Map.of());
        Fixtures fixtures = Fixtures.on(node);
        api = fixtures.api;
        ana = fixtures.token(Fixtures.MEMBER);
        bo = fixtures.token(Fixtures.OTHER_MEMBER);
        fixtures.notice(Fixtures.MEMBER, "followers", "ana followers");
        fixtures.notice(Fixtures.MEMBER, "public", "ana public");
        fixtures.notice(Fixtures.MEMBER, "local", "ana local");
        fixtures.notice(Fixtures.OTHER_MEMBER, "followers", "bo followers only");
        fixtures.notice(Fixtures.OTHER_MEMBER, "public", "bo public");
        fixtures.neighbourhoodNotice(Fixtures.COORDINATOR, "followers", "neighbourhood followers");
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private JsonObject list(String token, String query) {
        HttpResponse<String> r = api.get(NOTICES + query, "Authorization", "Bearer " + token);
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r);
    }

    private static List<String> contents(JsonObject page) {
        JsonArray items = page.getJsonArray("items");
        return items.stream().map(i -> ((JsonObject) i).getString("content").replaceAll("<[^>]+>", "")).toList();
    }

    @Test
    void aMemberListsWhatSheMayReadNewestFirstAndNothingElse() {
        JsonObject page = list(ana, "");
        assertEquals(List.of("neighbourhood followers", "bo public", "ana local", "ana public", "ana followers"), contents(page));
        assertEquals(5, page.getLong("totalItems"));
        assertNull(page.getValue("next"));
        assertFalse(page.encode().contains("bo followers only"), "another member's followers-only notice is not listed");
        JsonObject first = page.getJsonArray("items").getJsonObject(0);
        assertEquals("followers", first.getString("visibility"));
        assertTrue(first.getString("author").contains("/g/"), "the neighbourhood is its author: " + first.encode());
        assertTrue(first.containsKey("id") && first.containsKey("uri") && first.containsKey("createdAt"), first.encode());
    }

    @Test
    void theAuthorSeesHerOwnFollowersOnlyNotice() {
        assertTrue(contents(list(bo, "?by=me")).contains("bo followers only"));
    }

    @Nested
    class Filters {
        @Test
        void byMeListsOnlyHerOwn() {
            assertEquals(List.of("ana local", "ana public", "ana followers"), contents(list(ana, "?by=me")));
        }

        @Test
        void byNeighbourhoodListsOnlyTheNeighbourhoods() {
            assertEquals(List.of("neighbourhood followers"), contents(list(ana, "?by=neighbourhood")));
        }

        @Test
        void visibilityNarrowsToOneAudienceAndCombinesWithBy() {
            assertEquals(List.of("bo public", "ana public"), contents(list(ana, "?visibility=public")));
            assertEquals(List.of("ana public"), contents(list(ana, "?visibility=public&by=me")));
            assertEquals(List.of("neighbourhood followers", "ana followers"), contents(list(ana, "?visibility=followers")));
        }
    }

    @Test
    void pagesFollowTheNextLinkToTheEnd() {
        JsonObject first = list(ana, "?limit=2");
        assertEquals(5, first.getLong("totalItems"));
        assertEquals(List.of("neighbourhood followers", "bo public"), contents(first));
        String next = first.getString("next");
        assertTrue(next.contains("offset=2"), next);
        JsonObject second = list(ana, next.substring(next.indexOf('?')));
        assertEquals(List.of("ana local", "ana public"), contents(second));
    }

    @Nested
    class HostileInput {
        @Test
        void anUnknownByIsA400NamingTheField() {
            HttpResponse<String> r = api.get(NOTICES + "?by=everyone", "Authorization", "Bearer " + ana);
            assertEquals(400, r.statusCode());
            assertTrue(r.body().contains("by must be me or neighbourhood"), r.body());
        }

        @Test
        void anUnknownVisibilityIsA400NamingTheField() {
            HttpResponse<String> r = api.get(NOTICES + "?visibility=secret", "Authorization", "Bearer " + ana);
            assertEquals(400, r.statusCode());
            assertTrue(r.body().contains("visibility must be public, followers or local"), r.body());
        }

        @Test
        void aLimitOutsideOneToAThousandIsA400() {
            assertEquals(400, api.get(NOTICES + "?limit=0", "Authorization", "Bearer " + ana).statusCode());
            assertEquals(400, api.get(NOTICES + "?limit=1001", "Authorization", "Bearer " + ana).statusCode());
            assertEquals(400, api.get(NOTICES + "?offset=-1", "Authorization", "Bearer " + ana).statusCode());
        }

        @Test
        void withoutATokenNothingIsListed() {
            HttpResponse<String> r = api.get(NOTICES);
            assertEquals(401, r.statusCode());
            assertFalse(r.body().contains("ana public"));
        }
    }
}
