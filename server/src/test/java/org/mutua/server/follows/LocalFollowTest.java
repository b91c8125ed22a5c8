package org.mutua.server.follows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.DbRows;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;

/**
 * Two members of one node follow each other locally: from the Follow button on a profile or the API with a handle or
 * actor id of this node, decided by the followed member as a remote request is, never a network round trip. The node is
 * started WITHOUT permission to fetch private addresses, so any WebFinger or fetch of our own (loopback) domain would
 * fail the follow. An accepted local follower reads followers-only notices; nobody else does, and after unfollowing
 * she does not either.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalFollowTest {
    private static final String PASSWORD = "correct horse battery";
    private TestNode node;
    private DbRows db;
    private Http api;
    private String ana;
    private String bo;
    private String cy;
    private JsonObject secret;
    private Person boBrowser;

    @BeforeAll
    void start() throws Exception {
        node = TestNode.start(Map.of());
        db = new DbRows(node);
        api = new Http(node.baseUrl);
        for (String name : new String[] {"ana", "bo", "cy"}) {
            node.await(node.node.services().members().create(name, MemberRole.MEMBER, PASSWORD));
        }
        ana = token("ana");
        bo = token("bo");
        cy = token("cy");
        HttpResponse<String> r = api.postJson("/api/mutua/v1/notices", new JsonObject().put("content", "Only for my followers")
            .put("visibility", "followers").encode(), "Authorization", "Bearer " + ana);
        assertEquals(201, r.statusCode(), r.body());
        secret = Http.json(r);
        boBrowser = new Person();
        boBrowser.logIn("bo");
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private String token(String name) {
        return Http.json(api.postJson("/api/mutua/v1/tokens", new JsonObject().put("username", name).put("password", PASSWORD).encode()))
            .getString("token");
    }

    private String domain() {
        return node.baseUrl.substring(node.baseUrl.indexOf("://") + 3);
    }

    /** A browser without script: cookies, and forms posted with the page's hidden _csrf. */
    private final class Person {
        final Http http = new Http(node.baseUrl);

        void logIn(String username) {
            HttpResponse<String> r = submit("/login", "/login", Map.of("username", username, "password", PASSWORD));
            assertEquals(303, r.statusCode(), r.body());
        }

        Document page(String path) {
            HttpResponse<String> r = http.get(path, "Accept", "text/html", "Accept-Language", "en");
            assertEquals(200, r.statusCode(), path + " " + r.body());
            return Jsoup.parse(r.body());
        }

        HttpResponse<String> submit(String formPage, String action, Map<String, String> fields) {
            Element csrf = Jsoup.parse(http.get(formPage, "Accept", "text/html", "Accept-Language", "en").body()).selectFirst("input[name=_csrf]");
            assertNotNull(csrf, "form page has a _csrf field: " + formPage);
            Map<String, String> all = new HashMap<>(fields);
            all.put("_csrf", csrf.attr("value"));
            return http.postForm(action, all, "Accept", "text/html", "Accept-Language", "en");
        }
    }

    private int readBy(String token) {
        return api.get("/api/mutua/v1/notices/" + secret.getString("id"), "Authorization", "Bearer " + token).statusCode();
    }

    private boolean listedFor(String token) {
        return Http.json(api.get("/api/mutua/v1/notices", "Authorization", "Bearer " + token)).encode().contains(secret.getString("id"));
    }

    private long deliveries() throws Exception {
        return db.count("select count(*) from federation_delivery");
    }

    @Test
    @Order(1)
    void aProfileOffersFollowToANeighbourOnlyNotToHerselfOrAVisitor() {
        Document asBo = boBrowser.page("/u/ana");
        Element form = asBo.selectFirst("form[action=/people/follow]");
        assertNotNull(form, asBo.html());
        assertEquals(node.baseUrl + "/u/ana", form.selectFirst("input[name=target]").attr("value"));
        assertNull(boBrowser.page("/u/bo").selectFirst("form[action=/people/follow]"), "no Follow button on one's own profile");
        assertNull(Jsoup.parse(api.get("/u/ana", "Accept", "text/html").body()).selectFirst("form[action=/people/follow]"),
            "no Follow button for a visitor");
    }

    @Test
    @Order(2)
    void followingFromTheProfileIsALocalRequestWithNoNetworkRoundTrip() throws Exception {
        HttpResponse<String> r = boBrowser.submit("/u/ana", "/people/follow", Map.of("target", node.baseUrl + "/u/ana"));
        assertEquals(303, r.statusCode(), r.body());
        Document profile = boBrowser.page("/u/ana");
        assertNotNull(profile.selectFirst("form[action~=^/people/[^/]+/unfollow$]"), "the profile now offers to withdraw the request");
        assertEquals(0, deliveries(), "a local follow is never delivered");
        assertEquals(0, db.count("select count(*) from remote_actor"), "nor is our own actor fetched as a remote one");
        assertEquals(1, db.count("select count(*) from follow where direction = 'local' and state = 'pending'"));
    }

    @Test
    @Order(3)
    void aPendingLocalFollowerDoesNotReadFollowersOnlyNotices() {
        assertEquals(404, readBy(bo));
        assertFalse(listedFor(bo));
    }

    @Test
    @Order(4)
    void onceAcceptedSheReadsThemAndNobodyElseDoes() {
        JsonObject request = Http.json(api.get("/api/mutua/v1/follow-requests", "Authorization", "Bearer " + ana)).getJsonArray("items").getJsonObject(0);
        assertEquals(node.baseUrl + "/u/bo", request.getString("actor"));
        assertEquals(node.baseUrl + "/u/ana", request.getString("object"));
        assertEquals(200, api.postJson("/api/mutua/v1/follow-requests/" + request.getString("id") + "/accept", "{}",
            "Authorization", "Bearer " + ana).statusCode());
        assertEquals(200, readBy(bo));
        assertTrue(listedFor(bo));
        assertEquals(200, boBrowser.http.get(secret.getString("uri").substring(node.baseUrl.length()), "Accept", "text/html").statusCode());
        assertEquals(404, readBy(cy), "cy follows nobody");
        assertFalse(listedFor(cy));
        JsonObject following = Http.json(api.get("/api/mutua/v1/follows", "Authorization", "Bearer " + bo)).getJsonArray("items").getJsonObject(0);
        assertEquals("accepted", following.getString("state"));
        assertEquals(node.baseUrl + "/u/ana", following.getString("object"));
    }

    @Test
    @Order(5)
    void theApiFollowsAHandleOfThisNodeLocally() throws Exception {
        HttpResponse<String> r = api.postJson("/api/mutua/v1/follows", new JsonObject().put("target", "@ana@" + domain()).encode(),
            "Authorization", "Bearer " + cy);
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("pending", Http.json(r).getString("state"));
        assertEquals(node.baseUrl + "/u/ana", Http.json(r).getString("object"));
        HttpResponse<String> again = api.postJson("/api/mutua/v1/follows", new JsonObject().put("target", node.baseUrl + "/u/ana").encode(),
            "Authorization", "Bearer " + cy);
        assertEquals(Http.json(r).getString("id"), Http.json(again).getString("id"), "asking twice is the same request");
        assertEquals(404, readBy(cy), "still pending");
        assertEquals(0, deliveries());
    }

    @Test
    @Order(6)
    void followingOneselfTheNeighbourhoodOrNobodyHereIsRefused() {
        assertEquals(400, api.postJson("/api/mutua/v1/follows", new JsonObject().put("target", "cy@" + domain()).encode(),
            "Authorization", "Bearer " + cy).statusCode());
        assertEquals(404, api.postJson("/api/mutua/v1/follows", new JsonObject().put("target", "nobody@" + domain()).encode(),
            "Authorization", "Bearer " + cy).statusCode());
        assertEquals(400, api.postJson("/api/mutua/v1/follows", new JsonObject().put("target", node.baseUrl + "/g/neighbourhood").encode(),
            "Authorization", "Bearer " + cy).statusCode());
    }

    @Test
    @Order(7)
    void afterUnfollowingTheNoticesAreGoneAgain() throws Exception {
        Document profile = boBrowser.page("/u/ana");
        Element unfollow = profile.selectFirst("form[action~=^/people/[^/]+/unfollow$]");
        assertNotNull(unfollow, profile.html());
        HttpResponse<String> r = boBrowser.submit("/u/ana", unfollow.attr("action"), Map.of());
        assertEquals(303, r.statusCode(), r.body());
        assertEquals(404, readBy(bo));
        assertFalse(listedFor(bo));
        assertNotNull(boBrowser.page("/u/ana").selectFirst("form[action=/people/follow]"), "Follow is offered again");
        assertEquals(0, deliveries());
    }
}
