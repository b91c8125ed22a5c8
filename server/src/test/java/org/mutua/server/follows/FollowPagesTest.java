package org.mutua.server.follows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.interop.FedifyPeer;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;
import org.mutua.web.Messages;

/**
 * The people and followers pages as a browser without JavaScript uses them, against a real Fedify peer on loopback:
 * search by actor URL (Fedify's WebFinger is https-only), follow, see the follow accepted, unfollow; the peer follows a
 * member who accepts on /followers; a coordinator decides for the neighbourhood, a plain member cannot.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FollowPagesTest {
    private static final String PASSWORD = "correct horse battery";
    private static final Messages EN = Messages.forLanguage("en");
    private TestNode node;
    private FedifyPeer peer;

    @BeforeAll
    void start() throws Exception {
        node = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true"));
        peer = FedifyPeer.start("--actors", "alice,bob");
        for (String name : new String[] {"maria", "nora", "pablo"}) {
            node.await(node.node.services().members().create(name, MemberRole.MEMBER, PASSWORD));
        }
        node.await(node.node.services().members().create("olga", MemberRole.COORDINATOR, PASSWORD));
    }

    @AfterAll
    void stop() {
        if (peer != null) {
            peer.close();
        }
        node.close();
    }

    /** A browser without script: cookies, and forms posted with the page's hidden _csrf. */
    private final class Person {
        final Http http = new Http(node.baseUrl);

        Person logIn(String username) {
            HttpResponse<String> r = submit("/login", "/login", Map.of("username", username, "password", PASSWORD));
            assertEquals(303, r.statusCode(), r.body());
            return this;
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

    private static <T> T eventually(String what, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(150);
        }
        fail("timed out waiting for " + what);
        return null;
    }

    /** The list item in a page section that links to this actor, or null. */
    private static Element entry(Document doc, String section, String actor) {
        return doc.selectFirst("section[aria-labelledby=" + section + "] li:has(a[href=" + actor + "])");
    }

    /** How many follows the member has, per the JSON API (a second way in, so the pages cannot fool themselves). */
    private long following(String username) {
        Http api = new Http(node.baseUrl);
        String token = Http.json(api.postJson("/api/mutua/v1/tokens", new JsonObject().put("username", username).put("password", PASSWORD).encode()))
            .getString("token");
        HttpResponse<String> r = api.get("/api/mutua/v1/follows", "Authorization", "Bearer " + token);
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r).getLong("totalItems");
    }

    @Test
    void memberSearchesThePeersUserFollowsSeesItAcceptedAndUnfollows() throws Exception {
        Person maria = new Person().logIn("maria");
        String alice = peer.actor("alice");
        HttpResponse<String> found = maria.submit("/people", "/people/search", Map.of("target", alice));
        assertEquals(200, found.statusCode(), found.body());
        Document card = Jsoup.parse(found.body());
        Element section = card.selectFirst("section.found");
        assertNotNull(section, found.body());
        assertTrue(section.text().contains("alice@"), "shows the handle: " + section.text());
        assertEquals(alice, section.selectFirst("a[rel~=external]").attr("href"), "links to their profile");
        assertEquals(alice, section.selectFirst("form[action=/people/follow] input[name=target]").attr("value"));

        HttpResponse<String> follow = maria.submit("/people", "/people/follow", Map.of("target", alice));
        assertEquals(303, follow.statusCode(), follow.body());
        assertEquals("/people", follow.headers().firstValue("Location").orElseThrow());
        JsonObject activity = peer.awaitInbox("Follow", f -> (node.baseUrl + "/u/maria").equals(f.getString("actor")));
        assertEquals(true, activity.getJsonObject("httpSignature").getBoolean("verified"), activity.encode());
        Document people = maria.page("/people");
        assertTrue(people.text().contains(EN.t("notice.followSent")), "one-time notice");

        Element accepted = eventually("the peer's Accept on /people", () -> {
            Element e = entry(maria.page("/people"), "following-title", alice);
            return e != null && e.text().contains(EN.t("follow.state.accepted")) ? e : null;
        });
        String unfollow = accepted.selectFirst("form[action$=/unfollow]").attr("action");
        HttpResponse<String> gone = maria.submit("/people", unfollow, Map.of());
        assertEquals(303, gone.statusCode(), gone.body());
        JsonObject undo = peer.awaitInbox("Undo", u -> (node.baseUrl + "/u/maria").equals(u.getString("actor")));
        assertEquals(true, undo.getJsonObject("httpSignature").getBoolean("verified"));
        Document after = maria.page("/people");
        assertTrue(after.text().contains(EN.t("notice.unfollowed")));
        assertEquals(null, entry(after, "following-title", alice), "no longer listed");
        assertEquals(0, following("maria"));
        assertEquals(404, maria.submit("/people", unfollow, Map.of()).statusCode(), "already gone");
    }

    @Test
    void aMalformedHandleOrAnUnknownActorShowsTheErrorOnTheFieldAndStoresNothing() {
        Person nora = new Person().logIn("nora");
        for (String action : new String[] {"/people/search", "/people/follow"}) {
            HttpResponse<String> bad = nora.submit("/people", action, Map.of("target", "not a handle"));
            assertEquals(400, bad.statusCode(), action + " " + bad.body());
            Document doc = Jsoup.parse(bad.body());
            assertEquals("#target", doc.selectFirst(".error-summary[role=alert] a").attr("href"));
            assertEquals(EN.t("error.target.invalid"), doc.selectFirst(".error-summary a").text());
            assertEquals("true", doc.selectFirst("input#target").attr("aria-invalid"));
            assertEquals("not a handle", doc.selectFirst("input#target").attr("value"), "what was typed is kept");
            assertTrue(doc.select("section.found").isEmpty());
        }
        HttpResponse<String> nobody = nora.submit("/people", "/people/search", Map.of("target", peer.actor("nobody")));
        assertEquals(404, nobody.statusCode(), "the peer has no such actor: " + nobody.body());
        assertEquals(EN.t("error.target.notFound"), Jsoup.parse(nobody.body()).selectFirst(".error-summary a").text());
        assertEquals("#target", Jsoup.parse(nobody.body()).selectFirst(".error-summary a").attr("href"));
        HttpResponse<String> empty = nora.submit("/people", "/people/follow", Map.of());
        assertEquals(400, empty.statusCode());
        assertEquals(0, following("nora"), "nothing was followed");
    }

    @Test
    void thePeerFollowsAMemberWhoAcceptsOnTheFollowersPage() throws Exception {
        Person pablo = new Person().logIn("pablo");
        String member = node.baseUrl + "/u/pablo";
        String alice = peer.actor("alice");
        assertTrue(pablo.page("/followers").text().contains(EN.t("followers.privacyAdmins")), "says plainly who can read followers-only posts");
        peer.control("follow", new JsonObject().put("actor", member).put("as", "alice"));
        Element request = eventually("the request on /followers", () -> entry(pablo.page("/followers"), "requests-title", alice));
        assertNotNull(entry(pablo.page("/followers"), "requests-title", alice));
        assertEquals(null, entry(pablo.page("/followers"), "followers-title", alice), "not a follower before accepting");
        HttpResponse<String> accepted = pablo.submit("/followers", request.selectFirst("form[action$=/accept]").attr("action"), Map.of());
        assertEquals(303, accepted.statusCode(), accepted.body());
        assertEquals("/followers", accepted.headers().firstValue("Location").orElseThrow());
        JsonObject accept = peer.awaitInbox("Accept", a -> member.equals(a.getString("actor")));
        assertEquals(true, accept.getJsonObject("httpSignature").getBoolean("verified"), accept.encode());
        Document after = pablo.page("/followers");
        assertTrue(after.text().contains(EN.t("notice.followAccepted")));
        assertEquals(null, entry(after, "requests-title", alice));
        assertNotNull(entry(after, "followers-title", alice), "now listed as a follower");
    }

    /** The peer's follow of a member as the peer itself records it ("pending", "accepted", "rejected"), or null. */
    private String peersFollowState(String as, String followed) {
        return peer.state().getJsonObject("following").getJsonArray(as).stream().map(JsonObject.class::cast)
            .filter(f -> followed.equals(f.getString("actor"))).map(f -> f.getString("state")).findFirst().orElse(null);
    }

    @Test
    void aMemberRemovesAFollowerWithTheFormAndThePeerDropsItsFollow() throws Exception {
        Person nora = new Person().logIn("nora");
        String member = node.baseUrl + "/u/nora";
        String bob = peer.actor("bob");
        peer.control("follow", new JsonObject().put("actor", member).put("as", "bob"));
        Element request = eventually("the request on /followers", () -> entry(nora.page("/followers"), "requests-title", bob));
        assertEquals(303, nora.submit("/followers", request.selectFirst("form[action$=/accept]").attr("action"), Map.of()).statusCode());
        eventually("the peer to see its follow accepted", () -> "accepted".equals(peersFollowState("bob", member)) ? true : null);

        Element follower = entry(nora.page("/followers"), "followers-title", bob);
        assertNotNull(follower, "listed as a follower");
        String remove = follower.selectFirst("form[action$=/remove]").attr("action");
        assertEquals(EN.t("followers.remove") + " " + follower.selectFirst("strong").text(), follower.selectFirst("form[action$=/remove] button").text(),
            "the button says whom it removes");
        assertEquals(403, nora.http.postForm(remove, Map.of(), "Accept", "text/html").statusCode(), "no _csrf, nothing removed");
        assertNotNull(entry(nora.page("/followers"), "followers-title", bob), "still a follower after the forged post");

        HttpResponse<String> removed = nora.submit("/followers", remove, Map.of());
        assertEquals(303, removed.statusCode(), removed.body());
        assertEquals("/followers", removed.headers().firstValue("Location").orElseThrow());
        Document after = nora.page("/followers");
        assertTrue(after.text().contains(EN.t("notice.followerRemoved")), "one-time notice");
        assertEquals(null, entry(after, "followers-title", bob), "no longer listed");
        // Interop: Fedify matches the Reject to its own Follow by id and records the follow as rejected.
        JsonObject reject = peer.awaitInbox("Reject", r -> member.equals(r.getString("actor")));
        assertEquals(true, reject.getJsonObject("httpSignature").getBoolean("verified"), reject.encode());
        eventually("the peer to drop its follow", () -> "rejected".equals(peersFollowState("bob", member)) ? true : null);
        assertEquals(404, nora.submit("/followers", remove, Map.of()).statusCode(), "already removed");
    }

    @Test
    void aCoordinatorDecidesForTheNeighbourhoodAndAPlainMemberCannot() throws Exception {
        Person olga = new Person().logIn("olga");
        Person maria = new Person().logIn("maria");
        String hood = node.baseUrl + "/g/" + node.config.neighbourhoodUsername();
        String bob = peer.actor("bob");
        peer.control("follow", new JsonObject().put("actor", hood).put("as", "bob"));
        Element request = eventually("the neighbourhood's request", () -> entry(olga.page("/followers"), "hood-requests-title", bob));
        String accept = request.selectFirst("form[action$=/accept]").attr("action");

        Document plain = maria.page("/followers");
        assertTrue(plain.select("#hood-requests-title, #hood-followers-title").isEmpty(), "no neighbourhood section for members");
        assertFalse(plain.html().contains(accept), "the request is not shown to plain members");
        HttpResponse<String> refused = maria.submit("/followers", accept, Map.of());
        assertEquals(404, refused.statusCode(), "not hers to decide: as if it did not exist " + refused.body());
        HttpResponse<String> declined = maria.submit("/followers", accept.replace("/accept", "/reject"), Map.of());
        assertEquals(404, declined.statusCode(), "not hers to decide: as if it did not exist " + declined.body());
        assertNotNull(entry(olga.page("/followers"), "hood-requests-title", bob), "still waiting: nothing changed");

        HttpResponse<String> ok = olga.submit("/followers", accept, Map.of());
        assertEquals(303, ok.statusCode(), ok.body());
        JsonObject acceptActivity = peer.awaitInbox("Accept", a -> hood.equals(a.getString("actor")));
        assertEquals(true, acceptActivity.getJsonObject("httpSignature").getBoolean("verified"));
        Document after = olga.page("/followers");
        assertEquals(null, entry(after, "hood-requests-title", bob));
        assertNotNull(entry(after, "hood-followers-title", bob), "listed among the neighbourhood's followers");
        assertEquals(409, olga.submit("/followers", accept, Map.of()).statusCode(), "already decided");
    }

    @Test
    void formsWithoutCsrfAre403AndLoggedOutPeopleAreSentToLogIn() {
        Person maria = new Person().logIn("maria");
        long before = following("maria");
        HttpResponse<String> noToken = maria.http.postForm("/people/follow", Map.of("target", peer.actor("bob")), "Accept", "text/html");
        assertEquals(403, noToken.statusCode());
        assertEquals(403, maria.http.postForm("/follow-requests/x/accept", Map.of(), "Accept", "text/html").statusCode());
        assertEquals(before, following("maria"), "nothing stored");

        Person stranger = new Person();
        for (String path : new String[] {"/people", "/followers"}) {
            HttpResponse<String> r = stranger.http.get(path, "Accept", "text/html");
            assertEquals(303, r.statusCode(), path);
            assertEquals("/login", r.headers().firstValue("Location").orElseThrow());
        }
        HttpResponse<String> post = stranger.submit("/login", "/people/search", Map.of("target", peer.actor("bob")));
        assertEquals(303, post.statusCode());
        assertEquals("/login", post.headers().firstValue("Location").orElseThrow());
    }
}
