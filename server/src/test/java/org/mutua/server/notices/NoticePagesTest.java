package org.mutua.server.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.config.DatabaseUrl;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;
import org.mutua.web.Messages;

/**
 * The notice pages as a browser without JavaScript uses them: write, list, read, edit, delete; who may see which
 * notice at {@code /o/:id}; the neighbourhood's page; and every refusal (markup, too long, someone else's notice,
 * unknown id, wrong CSRF) answered with a page a person can act on while nothing is stored or changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoticePagesTest {
    private static final String PASSWORD = "correct horse battery";
    private static final Messages EN = Messages.forLanguage("en");
    private static final Messages ES = Messages.forLanguage("es");
    private TestNode node;

    @BeforeAll
    void start() {
        node = TestNode.start();
        for (String name : new String[] {"maria", "nora", "pablo", "rita"}) {
            node.await(node.node.services().members().create(name, MemberRole.MEMBER, PASSWORD));
        }
        node.await(node.node.services().members().create("olga", MemberRole.COORDINATOR, PASSWORD));
    }

    @AfterAll
    void stop() {
        node.close();
    }

    /** A browser without script: cookies, and forms posted with the page's hidden _csrf. */
    private final class Person {
        final Http http = new Http(node.baseUrl);
        final String lang;

        Person(String lang) {
            this.lang = lang;
        }

        Person logIn(String username) {
            HttpResponse<String> r = submit("/login", "/login", Map.of("username", username, "password", PASSWORD));
            assertEquals(303, r.statusCode(), r.body());
            return this;
        }

        HttpResponse<String> get(String path) {
            return http.get(path, "Accept", "text/html", "Accept-Language", lang);
        }

        Document page(String path) {
            HttpResponse<String> r = get(path);
            assertEquals(200, r.statusCode(), path + " " + r.body());
            return Jsoup.parse(r.body());
        }

        String csrf(String formPage) {
            Element csrf = Jsoup.parse(get(formPage).body()).selectFirst("input[name=_csrf]");
            assertNotNull(csrf, "form page has a _csrf field: " + formPage);
            return csrf.attr("value");
        }

        HttpResponse<String> submit(String formPage, String action, Map<String, String> fields) {
            Map<String, String> all = new HashMap<>(fields);
            all.put("_csrf", csrf(formPage));
            return post(action, all);
        }

        HttpResponse<String> post(String action, Map<String, String> fields) {
            return http.postForm(action, fields, "Accept", "text/html", "Accept-Language", lang);
        }

        /** Posts a notice through the form; returns its public id. */
        String write(String content, String visibility) {
            return write(content, visibility, "member");
        }

        String write(String content, String visibility, String as) {
            HttpResponse<String> r = submit("/notices/new", "/notices", Map.of("content", content, "visibility", visibility, "as", as));
            assertEquals(303, r.statusCode(), r.body());
            String location = r.headers().firstValue("Location").orElseThrow();
            assertTrue(location.startsWith("/o/"), location);
            return location.substring("/o/".length());
        }
    }

    private Person member(String username) {
        return new Person("en").logIn(username);
    }

    private Person anonymous() {
        return new Person("en");
    }

    // ---- what is stored, read straight from the database so the pages cannot fool themselves ----

    private long notices() {
        return number("select count(*) from notice", null);
    }

    private long deliveries() {
        return number("select count(*) from federation_delivery", null);
    }

    private String contentOf(String id) {
        return string("select content_html from notice where public_id = ?", id);
    }

    private boolean deleted(String id) {
        return number("select count(*) from notice where public_id = ? and deleted_at is not null", id) == 1;
    }

    private long number(String sql, String param) {
        return Long.parseLong(string(sql, param));
    }

    private String string(String sql, String param) {
        DatabaseUrl db = node.config.databaseUrl().orElseThrow();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); PreparedStatement q = c.prepareStatement(sql)) {
            if (param != null) {
                q.setString(1, param);
            }
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next(), sql + " " + param);
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void execute(String sql, Object... params) {
        DatabaseUrl db = node.config.databaseUrl().orElseThrow();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                q.setObject(i + 1, params[i]);
            }
            q.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element card(Document doc, String id) {
        return doc.selectFirst("li.post-card:has(a[href=/o/" + id + "])");
    }

    private static void assertErrorPage(HttpResponse<String> r, int status, String text) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), "an HTML page, not JSON");
        Document doc = Jsoup.parse(r.body());
        assertTrue(doc.selectFirst("main").text().contains(text), "says \"" + text + "\": " + doc.selectFirst("main").text());
    }

    @Nested
    class AMember {
        @Test
        void writesSeesInTheListReadsEditsAndDeletesANotice() {
            Person maria = member("maria");
            Document form = maria.page("/notices/new");
            Element content = form.selectFirst("form[action=/notices] textarea#content");
            assertNotNull(content);
            assertEquals("5000", content.attr("maxlength"));
            assertTrue(form.selectFirst("input#visibility-followers").hasAttr("checked"), "followers-only is the default");
            assertEquals(3, form.select("input[type=radio][name=visibility]").size());
            assertNull(form.selectFirst("input[name=as]"), "only organisers may post as the neighbourhood");
            assertTrue(form.text().contains(EN.t("notices.privacyAdmins")), "says who can read a followers-only notice");
            assertTrue(maria.page("/").selectFirst("nav.site-nav a[href=/notices]") != null, "Notices in the navigation");

            long deliveriesBefore = deliveries();
            String id = maria.write("Who has a ladder?\n\nI need it on <Thursday> & Friday.", "public");
            Document shown = maria.page("/o/" + id);
            assertTrue(shown.text().contains(EN.t("notice.noticePublished")), "one-time notice");
            assertEquals(EN.t("notices.from", "maria"), shown.selectFirst("h1").text());
            assertEquals("<p>Who has a ladder?</p><p>I need it on &lt;Thursday&gt; &amp; Friday.</p>",
                shown.selectFirst(".post-content").html().replace("\n", "").replaceAll(">\\s+<", "><").trim());
            assertTrue(shown.text().contains(EN.t("notices.visibility.public")));
            assertNotNull(shown.selectFirst("a[href=/notices/" + id + "/edit]"));
            assertNotNull(shown.selectFirst("a[href=/notices/" + id + "/delete]"));
            assertEquals(deliveriesBefore, deliveries(), "no followers, so nothing to deliver yet");

            Element entry = card(maria.page("/notices"), id);
            assertNotNull(entry, "listed");
            assertTrue(entry.text().contains("Who has a ladder?"), entry.text());
            assertTrue(entry.text().contains(EN.t("notices.replies", 0)), entry.text());

            Document edit = maria.page("/notices/" + id + "/edit");
            assertEquals("Who has a ladder?\n\nI need it on <Thursday> & Friday.", edit.selectFirst("textarea#content").wholeText(),
                "the text as typed, not HTML");
            assertNull(edit.selectFirst("input[name=visibility]"), "who can see it does not change");
            HttpResponse<String> saved = maria.submit("/notices/" + id + "/edit", "/notices/" + id + "/edit",
                Map.of("content", "Found one, thank you!"));
            assertEquals(303, saved.statusCode(), saved.body());
            assertEquals("/o/" + id, saved.headers().firstValue("Location").orElseThrow());
            Document after = maria.page("/o/" + id);
            assertTrue(after.text().contains(EN.t("notice.noticeSaved")));
            assertTrue(after.selectFirst(".post-content").text().contains("Found one, thank you!"));
            assertTrue(after.selectFirst(".post-meta").text().contains(EN.t("notices.edited")));
            assertEquals("<p>Found one, thank you!</p>", contentOf(id));

            Document confirm = maria.page("/notices/" + id + "/delete");
            assertTrue(confirm.text().contains(EN.t("notices.deleteCopies")), "says copies elsewhere may outlive it");
            assertFalse(deleted(id), "asking is not deleting");
            HttpResponse<String> gone = maria.submit("/notices/" + id + "/delete", "/notices/" + id + "/delete", Map.of());
            assertEquals(303, gone.statusCode(), gone.body());
            assertEquals("/notices", gone.headers().firstValue("Location").orElseThrow());
            Document list = maria.page("/notices");
            assertTrue(list.text().contains(EN.t("notice.noticeDeleted")));
            assertNull(card(list, id), "no longer listed");
            assertTrue(deleted(id));
            assertErrorPage(maria.get("/o/" + id), 410, EN.t("error.notice.deleted"));
            assertErrorPage(anonymous().get("/o/" + id), 410, EN.t("error.goneHeading"));
            assertErrorPage(maria.get("/notices/" + id + "/edit"), 410, EN.t("error.notice.deleted"));
        }

        @Test
        void theListShowsWhatTheMemberMayReadAndNothingElse() {
            Person pablo = member("pablo");
            String followers = pablo.write("Followers only, from Pablo", "followers");
            String local = pablo.write("Only on this site, from Pablo", "local");
            String open = pablo.write("For everyone, from Pablo", "public");
            Document own = pablo.page("/notices");
            for (String id : new String[] {followers, local, open}) {
                assertNotNull(card(own, id), "the author sees all their own notices");
            }
            assertTrue(own.text().indexOf("For everyone") < own.text().indexOf("Followers only"), "newest first");
            assertTrue(card(own, local).text().contains(EN.t("notices.visibility.local")));
            assertFalse(card(own, local).text().contains(EN.t("notices.replies", 0)), "node-only notices have no counts");

            Person nora = member("nora");
            Document theirs = nora.page("/notices");
            assertNull(card(theirs, followers), "another member's followers-only notice is not listed");
            assertNotNull(card(theirs, local));
            assertNotNull(card(theirs, open));

            assertEquals(200, nora.get("/o/" + local).statusCode(), "members read node-only notices");
            assertNull(nora.page("/o/" + open).selectFirst("a[href$=/edit]"), "no edit button on someone else's notice");
            assertErrorPage(nora.get("/o/" + followers), 404, EN.t("error.notFoundHeading"));
            Person stranger = anonymous();
            assertErrorPage(stranger.get("/o/" + followers), 404, EN.t("error.notFoundHeading"));
            assertErrorPage(stranger.get("/o/" + local), 404, EN.t("error.notFoundHeading"));
            Document publicPage = stranger.page("/o/" + open);
            assertTrue(publicPage.selectFirst(".post-content").text().contains("For everyone, from Pablo"), "public: anyone");
            assertNull(publicPage.selectFirst("a[href$=/edit]"));

            HttpResponse<String> list = stranger.get("/notices");
            assertEquals(303, list.statusCode(), "logged-out people are sent to log in");
            assertEquals("/login", list.headers().firstValue("Location").orElseThrow());
        }

        @Test
        void repliesFromTheFediverseShowWithTheirAuthorAndCounts() {
            Person maria = member("maria");
            String id = maria.write("Free apples at number 12", "public");
            long noticeId = number("select id from notice where public_id = ?", id);
            execute("insert into notice_reply (notice_id, uri, actor_uri, content_html, published_at, received_at, updated_at, addressed_publicly)"
                    + " values (?, ?, ?, ?, now(), now(), now(), true)", noticeId, "https://social.example/statuses/1",
                "https://social.example/users/zoe", "<p>I will come by, <strong>thanks</strong>!</p>");
            Document page = anonymous().page("/o/" + id);
            Element reply = page.selectFirst("section[aria-labelledby=replies-title] li.post-card");
            assertNotNull(reply, page.html());
            assertTrue(reply.text().contains("https://social.example/users/zoe"), "who replied: " + reply.text());
            assertEquals("thanks", reply.selectFirst(".post-content strong").text(), "their sanitised HTML is shown as HTML");
            assertTrue(page.text().contains(EN.t("notices.replies", 1)), page.text());
            assertTrue(card(maria.page("/notices"), id).text().contains(EN.t("notices.replies", 1)));
        }
    }

    /**
     * The reply form under a notice: any member who may read the notice replies from the site; the reply is shown
     * under it with her name linking to her profile, and stays on this node (no delivery row).
     */
    @Nested
    class LocalReplies {
        private long replies() {
            return number("select count(*) from notice_reply", null);
        }

        private String token(String username) {
            return Http.json(new Http(node.baseUrl).postJson("/api/mutua/v1/tokens",
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}")).getString("token");
        }

        @Test
        void aMemberRepliesFromTheNoticePageAndEveryReaderSeesItUnderTheNoticeWithHerName() {
            String id = member("maria").write("Who can lend a ladder on Friday?", "public");
            Person nora = member("nora");
            Document page = nora.page("/o/" + id);
            Element form = page.selectFirst("form[method=post][action=/o/" + id + "/replies]");
            assertNotNull(form, "a member sees the reply form: " + page.html());
            assertNotNull(form.selectFirst("input[name=_csrf]"));
            assertEquals(EN.t("notices.replyField"), form.selectFirst("label[for=content]").text());
            assertEquals("content-hint", form.selectFirst("textarea#content").attr("aria-describedby"));
            assertEquals(EN.t("notices.replyField.hint", NoticeText.MAX), form.selectFirst("#content-hint").text());
            long deliveriesBefore = deliveries();

            HttpResponse<String> r = nora.submit("/o/" + id, "/o/" + id + "/replies", Map.of("content", "Mine is free, <b>come by</b>"));
            assertEquals(303, r.statusCode(), r.body());
            assertEquals("/o/" + id + "#replies-title", r.headers().firstValue("Location").orElseThrow());
            Document after = nora.page("/o/" + id);
            assertTrue(after.text().contains(EN.t("notice.replySent")), after.text());
            for (Document seen : new Document[] {after, anonymous().page("/o/" + id), member("maria").page("/o/" + id)}) {
                Element reply = seen.selectFirst("section[aria-labelledby=replies-title] li.post-card");
                assertNotNull(reply, seen.html());
                assertEquals("/u/nora", reply.selectFirst(".post-author a").attr("href"), "her name links to her profile");
                assertEquals("nora", reply.selectFirst(".post-author a").text());
                assertEquals("Mine is free, <b>come by</b>", reply.selectFirst(".post-content").text(), "typed markup is text");
                assertTrue(seen.text().contains(EN.t("notices.replies", 1)), seen.text());
            }
            assertEquals(deliveriesBefore, deliveries(), "a local reply stays on this node: nothing is queued");

            io.vertx.core.json.JsonObject json = Http.json(new Http(node.baseUrl).get("/api/mutua/v1/notices/" + id,
                "Authorization", "Bearer " + token("maria")));
            io.vertx.core.json.JsonObject listed = json.getJsonArray("replies").getJsonObject(0);
            assertTrue(listed.getString("actor").endsWith("/u/nora"), listed.encode());
            assertEquals("<p>Mine is free, &lt;b&gt;come by&lt;/b&gt;</p>", listed.getString("content"));
        }

        @Test
        void aMemberRepliesThroughTheApiAndToANodeOnlyNotice() {
            String id = member("pablo").write("Only here: bread left at the bakery", "local");
            HttpResponse<String> r = new Http(node.baseUrl).postJson("/api/mutua/v1/notices/" + id + "/replies",
                "{\"content\":\"I will take two\"}", "Authorization", "Bearer " + token("rita"));
            assertEquals(201, r.statusCode(), r.body());
            assertTrue(Http.json(r).getString("actor").endsWith("/u/rita"), r.body());
            assertTrue(Http.json(r).getString("uri").startsWith("urn:uuid:"), "never a fetchable id: " + r.body());
            Element reply = member("nora").page("/o/" + id).selectFirst("section[aria-labelledby=replies-title] li.post-card");
            assertNotNull(reply, "replies to a node-only notice are shown too");
            assertEquals("<p>I will take two</p>", reply.selectFirst(".post-content").html());
        }

        @Test
        void replyingToAFollowersOnlyNoticeSheMayNotReadIsA404AndNothingIsStored() {
            String id = member("pablo").write("For my followers: spare keys", "followers");
            long before = replies();
            Person nora = member("nora");
            assertErrorPage(nora.submit("/notices/new", "/o/" + id + "/replies", Map.of("content", "let me in")), 404,
                EN.t("error.notFoundHeading"));
            HttpResponse<String> api = new Http(node.baseUrl).postJson("/api/mutua/v1/notices/" + id + "/replies",
                "{\"content\":\"let me in\"}", "Authorization", "Bearer " + token("nora"));
            assertEquals(404, api.statusCode(), api.body());
            assertErrorPage(nora.submit("/notices/new", "/o/nosuchnotice/replies", Map.of("content", "hello")), 404,
                EN.t("error.notFoundHeading"));
            assertEquals(before, replies(), "nothing stored");
        }

        @Test
        void anEmptyOrOversizedReplyIsA400NextToTheFieldAndNothingIsStored() {
            String id = member("maria").write("Soup on Sunday", "public");
            long before = replies();
            Person nora = member("nora");
            HttpResponse<String> blank = nora.submit("/o/" + id, "/o/" + id + "/replies", Map.of("content", "  \n "));
            assertEquals(400, blank.statusCode(), blank.body());
            Document doc = Jsoup.parse(blank.body());
            assertEquals("#content", doc.selectFirst(".error-summary[role=alert] a").attr("href"));
            assertEquals(EN.t("error.reply.required"), doc.selectFirst(".error-summary a").text());
            assertTrue(doc.selectFirst(".post-content").text().contains("Soup on Sunday"), "the notice is still shown");

            String tooLong = "a".repeat(NoticeText.MAX + 1);
            HttpResponse<String> r = nora.submit("/o/" + id, "/o/" + id + "/replies", Map.of("content", tooLong));
            assertEquals(400, r.statusCode());
            doc = Jsoup.parse(r.body());
            assertEquals(EN.t("error.reply.tooLong"), doc.selectFirst(".error-summary a").text());
            assertEquals("true", doc.selectFirst("textarea#content").attr("aria-invalid"));
            assertNotNull(doc.selectFirst("#content-error"), "the message is next to the field");
            assertEquals(tooLong, doc.selectFirst("textarea#content").wholeText(), "what was typed is kept");

            HttpResponse<String> api = new Http(node.baseUrl).postJson("/api/mutua/v1/notices/" + id + "/replies",
                "{\"content\":\"\"}", "Authorization", "Bearer " + token("nora"));
            assertEquals(400, api.statusCode(), api.body());
            assertEquals("content", Http.json(api).getString("field"), api.body());
            assertEquals(before, replies(), "nothing stored");
        }

        @Test
        void aReplyWithoutOrWithAWrongCsrfTokenIsA403AndNothingIsStored() {
            String id = member("maria").write("Ladder found, thanks", "public");
            long before = replies();
            Person nora = member("nora");
            nora.csrf("/o/" + id);
            assertErrorPage(nora.post("/o/" + id + "/replies", Map.of("content", "forged")), 403, EN.t("error.csrf"));
            assertErrorPage(nora.post("/o/" + id + "/replies", Map.of("content", "forged", "_csrf", "x".repeat(43))), 403,
                EN.t("error.csrf"));
            assertEquals(before, replies(), "nothing stored");
        }

        @Test
        void aVisitorSeesNoReplyFormAndCannotReply() {
            String id = member("maria").write("Open to all: plants to give away", "public");
            long before = replies();
            Person visitor = anonymous();
            Document page = visitor.page("/o/" + id);
            assertNull(page.selectFirst("form[action$=/replies]"), "no form for a visitor");
            assertNull(page.selectFirst("textarea"));
            HttpResponse<String> r = visitor.submit("/login", "/o/" + id + "/replies", Map.of("content", "drive-by"));
            assertEquals(303, r.statusCode(), r.body());
            assertEquals("/login", r.headers().firstValue("Location").orElseThrow());
            HttpResponse<String> api = new Http(node.baseUrl).postJson("/api/mutua/v1/notices/" + id + "/replies", "{\"content\":\"x\"}");
            assertEquals(401, api.statusCode(), api.body());
            assertEquals(before, replies(), "nothing stored");
        }
    }

    @Nested
    class LongLists {
        @Test
        void theNoticeListComesInPagesOfFiftyNewestFirstWithLinksBothWays() {
            Person rita = member("rita");
            java.util.List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < NoticePages.LIST_LIMIT + 1; i++) {
                ids.add(rita.write("Rita's notice number " + i, "local"));
            }
            Document first = rita.page("/notices");
            assertEquals(NoticePages.LIST_LIMIT, first.select("ul.post-list li.post-card").size());
            assertNotNull(card(first, ids.get(ids.size() - 1)), "the newest is on the first page");
            assertNull(card(first, ids.get(0)), "the oldest is not");
            Element older = first.selectFirst("nav.pager a[rel=next]");
            assertNotNull(older, first.select("main").html());
            assertEquals(EN.t("notices.older"), older.text());
            assertEquals("/notices?page=2", older.attr("href"));
            assertNull(first.selectFirst("nav.pager a[rel=prev]"), "nothing newer than the first page");

            Document second = rita.page(older.attr("href"));
            assertNotNull(card(second, ids.get(0)), "the oldest is on the second page");
            assertEquals("/notices", second.selectFirst("nav.pager a[rel=prev]").attr("href"));
            assertEquals(EN.t("notices.newer"), second.selectFirst("nav.pager a[rel=prev]").text());
            assertTrue(second.selectFirst("nav.pager").text().contains(EN.t("pager.page", 2)));

            Document beyond = rita.page("/notices?page=" + org.mutua.server.http.ListPage.MAX_WEB_PAGE);
            assertTrue(beyond.select("main").text().contains(EN.t("notices.noneOnPage")), beyond.select("main").text());
            String last = beyond.selectFirst("nav.pager a[rel=prev]").attr("href");
            assertTrue(last.startsWith("/notices?page="), "back to the last page with notices: " + last);
            assertFalse(rita.page(last).select("ul.post-list li.post-card").isEmpty(), "that page has notices");
        }

        @Test
        void repliesUnderANoticeComeInPagesOfFiftyOldestFirst() {
            Person maria = member("maria");
            String id = maria.write("Who can lend a drill?", "public");
            long noticeId = number("select id from notice where public_id = ?", id);
            for (int i = 0; i < NoticePages.REPLIES_LIMIT + 1; i++) {
                execute("insert into notice_reply (notice_id, uri, actor_uri, content_html, published_at, received_at, updated_at, addressed_publicly)"
                        + " values (?, ?, ?, ?, now() + make_interval(secs => ?), now(), now(), true)", noticeId,
                    "https://social.example/statuses/drill-" + i, "https://social.example/users/zoe", "<p>Reply number " + i + "</p>", i);
            }
            Document first = anonymous().page("/o/" + id);
            java.util.List<Element> replies = first.select("section[aria-labelledby=replies-title] li.post-card");
            assertEquals(NoticePages.REPLIES_LIMIT, replies.size());
            assertTrue(replies.get(0).text().contains("Reply number 0"), "oldest first: " + replies.get(0).text());
            Element more = first.selectFirst("section[aria-labelledby=replies-title] nav.pager a[rel=next]");
            assertEquals(EN.t("notices.laterReplies"), more.text());
            assertEquals("/o/" + id + "?page=2", more.attr("href"));

            Document second = anonymous().page(more.attr("href"));
            assertEquals(EN.t("notices.from", "maria"), second.selectFirst("h1").text(), "the notice itself stays on top");
            java.util.List<Element> rest = second.select("section[aria-labelledby=replies-title] li.post-card");
            assertEquals(1, rest.size());
            assertTrue(rest.get(0).text().contains("Reply number " + NoticePages.REPLIES_LIMIT));
            assertEquals("/o/" + id, second.selectFirst("nav.pager a[rel=prev]").attr("href"));
            assertEquals(EN.t("notices.earlierReplies"), second.selectFirst("nav.pager a[rel=prev]").text());
        }

        @Test
        void aPageNumberThatIsNotOneTo10000IsA400PageSayingSo() {
            Person maria = member("maria");
            String id = maria.write("Paged", "public");
            for (String bad : new String[] {"0", "-1", "abc", "1e3", "10001", "99999999999", "%00", "2%20"}) {
                assertErrorPage(maria.get("/notices?page=" + bad), 400, EN.t("error.page"));
                assertErrorPage(anonymous().get("/o/" + id + "?page=" + bad), 400, EN.t("error.page"));
            }
            Person spanish = new Person("es").logIn("maria");
            assertErrorPage(spanish.get("/notices?page=cero"), 400, ES.t("error.page"));
        }
    }

    @Nested
    class TheNeighbourhood {
        @Test
        void anOrganiserPostsAsTheNeighbourhoodAndItsPageShowsItsPublicNotices() {
            Person olga = member("olga");
            Document form = olga.page("/notices/new");
            assertTrue(form.selectFirst("input#as-member").hasAttr("checked"), "as yourself by default");
            assertNotNull(form.selectFirst("input#as-neighbourhood"));
            String open = olga.write("Assembly on Saturday at the square", "public", "neighbourhood");
            String quiet = olga.write("Organisers: keys are with Rosa", "followers", "neighbourhood");
            String own = olga.write("Olga's own public notice", "public", "member");

            Document home = anonymous().page("/");
            Element section = home.selectFirst("section[aria-labelledby=hood-notices-title]");
            assertNotNull(section);
            assertNotNull(card(home, open), "the neighbourhood's public notice is on its page");
            assertNull(card(home, quiet), "followers-only is not");
            assertNull(card(home, own), "a member's own notice is not the neighbourhood's");
            assertTrue(card(home, open).text().contains("@" + node.config.neighbourhoodUsername() + "@"), card(home, open).text());

            Person nora = member("nora");
            assertNotNull(card(nora.page("/notices"), quiet), "members read the neighbourhood's notices");
            assertNull(nora.page("/o/" + quiet).selectFirst("a[href$=/edit]"), "but only organisers change them");
            assertEquals(200, new Person("en").logIn("olga").get("/notices/" + quiet + "/edit").statusCode());
        }

        @Test
        void aPlainMemberCannotPostAsTheNeighbourhoodAndNothingIsStored() {
            Person nora = member("nora");
            long before = notices();
            HttpResponse<String> r = nora.submit("/notices/new", "/notices",
                Map.of("content", "Pretending to be the neighbourhood", "visibility", "public", "as", "neighbourhood"));
            assertEquals(403, r.statusCode(), r.body());
            Document doc = Jsoup.parse(r.body());
            assertEquals("#as", doc.selectFirst(".error-summary a").attr("href"));
            assertNotNull(doc.selectFirst("#as .field-error"), "the message is on the page");
            assertEquals("Pretending to be the neighbourhood", doc.selectFirst("textarea#content").wholeText(), "what was typed is kept");
            assertEquals(before, notices());
            HttpResponse<String> odd = nora.submit("/notices/new", "/notices", Map.of("content", "x", "as", "the-mayor"));
            assertEquals(400, odd.statusCode(), odd.body());
            assertEquals(before, notices());
        }
    }

    @Nested
    class HostileInput {
        @Test
        void markupInAMemberNoticeIsShownAsTextEverywhere() {
            Person maria = member("maria");
            String hostile = "<script>alert(1)</script><img src=x onerror=alert(2)><a href=\"javascript:alert(3)\">x</a>";
            String id = maria.write(hostile, "public");
            for (String path : new String[] {"/o/" + id, "/notices", "/notices/" + id + "/delete"}) {
                String html = maria.get(path).body();
                Document doc = Jsoup.parse(html);
                assertTrue(doc.select("script, img[onerror], [href^=javascript]").isEmpty(), path + ": markup became elements");
                assertFalse(html.contains("<script>alert"), path);
                assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), path + " shows it as text");
                assertTrue(doc.selectFirst("main").text().contains("<img src=x onerror=alert(2)>"), path + " shows it as typed");
            }
            String home = new Person("en").get("/").body();
            assertFalse(home.contains("<script>alert"));
        }

        /** Issue 15: stored remote HTML is cleaned again when shown, whatever the database holds. */
        @Test
        void hostileHtmlWrittenStraightIntoTheDatabaseIsCleanedWhenTheReplyIsShown() {
            Person maria = member("maria");
            String id = maria.write("Tools to lend", "public");
            long noticeId = Long.parseLong(string("select id::text from notice where public_id = ?", id));
            execute("insert into notice_reply (notice_id, uri, actor_uri, content_html, published_at, received_at, updated_at)"
                    + " values (?, ?, ?, ?, now(), now(), now())", noticeId, "https://peer.example/notes/raw",
                "https://peer.example/users/mallory",
                "<p>hi <script>alert(1)</script><a class=\"button primary\" href=\"https://peer.example/win\">claim</a>"
                    + " <a href=\"javascript:alert(2)\">x</a> <a class=\"u-url mention\" href=\"https://peer.example/@ana\">@ana</a></p>");
            Document page = Jsoup.parse(maria.get("/o/" + id).body());
            assertTrue(page.select("script, [href^=javascript]").isEmpty(), "markup from the database became elements");
            assertTrue(page.select(".post-content a.button, .post-content .primary").isEmpty(), "a peer borrowed the node's button style");
            Element mention = page.selectFirst(".post-content a[href=https://peer.example/@ana]");
            assertEquals("u-url mention", mention.attr("class"), "Mastodon's mention classes are kept");
            for (Element a : page.select(".post-content a")) {
                assertTrue(a.attr("rel").contains("nofollow") && a.attr("rel").contains("noopener"), a.outerHtml());
            }
            assertTrue(page.text().contains("claim"), "the text stays");
        }

        /**
         * FEDERATION.md 6 row 25: a link whose text shows another address than it leads to is followed by the real
         * host, on the page and in the JSON API; honest links, mentions and hashtags are left as they are. Written
         * straight into the database, so only the rendering can catch it.
         */
        @Test
        void aLinkWhoseTextShowsAnotherAddressIsShownWithTheHostItReallyLeadsTo() {
            Person maria = member("maria");
            String id = maria.write("Bills help", "public");
            long noticeId = Long.parseLong(string("select id::text from notice where public_id = ?", id));
            String lookAlike = "https://b\u0430nk.example/"; // Cyrillic a: another host that reads as bank.example
            execute("insert into notice_reply (notice_id, uri, actor_uri, content_html, published_at, received_at, updated_at)"
                    + " values (?, ?, ?, ?, now(), now(), now())", noticeId, "https://peer.example/notes/deceptive",
                "https://peer.example/users/mallory",
                "<p>Pay at <a href=\"https://evil.example/login\">https://bank.example/</a>, or <a href=\"" + lookAlike + "\">bank.example</a>."
                    + " Honest: <a href=\"https://bank.example/help\">https://bank.example/help</a>, <a href=\"https://www.bank.example/\">bank.example</a>,"
                    + " <a class=\"u-url mention\" href=\"https://peer.example/@ana\">@ana</a>, <a href=\"https://peer.example/tags/bills\">#bills</a></p>");
            Element reply = Jsoup.parse(maria.get("/o/" + id).body()).selectFirst("section[aria-labelledby=replies-title] .post-content");
            String text = reply.text();
            assertTrue(text.contains("https://bank.example/ (evil.example)"), "the real host follows the link: " + text);
            assertTrue(text.contains("bank.example (xn--bnk-6cd.example)"), "a look-alike host is shown in letters that differ: " + text);
            assertFalse(text.contains("help ("), "an honest link is left alone: " + text);
            assertTrue(text.contains("@ana, #bills"), "mentions and hashtags are left alone: " + text);
            assertEquals(2, countOf(text, " ("), "exactly the two deceptive links are flagged: " + text);

            String api = new Http(node.baseUrl).get("/api/mutua/v1/notices/" + id + "/replies",
                "Authorization", "Bearer " + token("maria")).body();
            assertTrue(api.contains("https://bank.example/</a> (evil.example)"), "the JSON API shows the same: " + api);
        }

        private static int countOf(String text, String part) {
            int n = 0;
            for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
                n++;
            }
            return n;
        }

        private String token(String username) {
            return Http.json(new Http(node.baseUrl).postJson("/api/mutua/v1/tokens",
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}")).getString("token");
        }

        @Test
        void anEmptyOrOversizedNoticeOrAnUnknownAudienceIsRefusedNextToTheFieldAndNothingIsStored() {
            Person maria = member("maria");
            long before = notices();
            long deliveriesBefore = deliveries();
            String tooLong = "a".repeat(NoticeText.MAX + 1);
            HttpResponse<String> r = maria.submit("/notices/new", "/notices", Map.of("content", tooLong, "visibility", "public"));
            assertEquals(400, r.statusCode());
            Document doc = Jsoup.parse(r.body());
            assertEquals("#content", doc.selectFirst(".error-summary[role=alert] a").attr("href"));
            assertEquals(EN.t("error.content.tooLong"), doc.selectFirst(".error-summary a").text());
            assertEquals("true", doc.selectFirst("textarea#content").attr("aria-invalid"));
            assertNotNull(doc.selectFirst("#content-error"), "the message is next to the field");
            assertEquals(tooLong, doc.selectFirst("textarea#content").wholeText(), "what was typed is kept");
            assertTrue(doc.selectFirst("input#visibility-public").hasAttr("checked"), "the choice is kept");

            HttpResponse<String> blank = maria.submit("/notices/new", "/notices", Map.of("content", "   \n ", "visibility", "public"));
            assertEquals(400, blank.statusCode());
            assertEquals(EN.t("error.content.required"), Jsoup.parse(blank.body()).selectFirst(".error-summary a").text());

            HttpResponse<String> audience = maria.submit("/notices/new", "/notices", Map.of("content", "hello", "visibility", "everyone"));
            assertEquals(400, audience.statusCode());
            assertEquals("#visibility", Jsoup.parse(audience.body()).selectFirst(".error-summary a").attr("href"));

            HttpResponse<String> huge = maria.submit("/notices/new", "/notices", Map.of("content", "b".repeat(200_000), "visibility", "public"));
            assertTrue(huge.statusCode() >= 400 && huge.statusCode() < 500, "a clear refusal, not a crash: " + huge.statusCode());

            assertEquals(before, notices(), "nothing stored");
            assertEquals(deliveriesBefore, deliveries(), "nothing queued");

            String id = maria.write("Short and fine", "followers");
            HttpResponse<String> edit = maria.submit("/notices/" + id + "/edit", "/notices/" + id + "/edit", Map.of("content", tooLong));
            assertEquals(400, edit.statusCode());
            assertEquals("#content", Jsoup.parse(edit.body()).selectFirst(".error-summary a").attr("href"));
            assertEquals("<p>Short and fine</p>", contentOf(id), "not changed");
        }

        @Test
        void editingOrDeletingSomeoneElsesNoticeIsA403PageAndChangesNothing() {
            Person maria = member("maria");
            String id = maria.write("Maria's notice", "public");
            String hood = member("olga").write("The neighbourhood speaks", "public", "neighbourhood");
            Person nora = member("nora");
            long deliveriesBefore = deliveries();
            for (String target : new String[] {id, hood}) {
                assertErrorPage(nora.get("/notices/" + target + "/edit"), 403, EN.t("error.notice.notYours"));
                assertErrorPage(nora.get("/notices/" + target + "/delete"), 403, EN.t("error.notice.notYours"));
                assertErrorPage(nora.submit("/notices/new", "/notices/" + target + "/edit", Map.of("content", "hijacked")), 403,
                    EN.t("error.notice.notYours"));
                assertErrorPage(nora.submit("/notices/new", "/notices/" + target + "/delete", Map.of()), 403, EN.t("error.notice.notYours"));
                assertFalse(deleted(target));
            }
            assertEquals("<p>Maria's notice</p>", contentOf(id));
            assertEquals("<p>The neighbourhood speaks</p>", contentOf(hood));
            assertErrorPage(member("olga").get("/notices/" + id + "/edit"), 403, EN.t("error.notice.notYours"));
            assertEquals(deliveriesBefore, deliveries(), "nothing sent anywhere");
        }

        @Test
        void anUnknownIdIsA404Page() {
            Person maria = member("maria");
            assertErrorPage(maria.get("/o/no-such-notice"), 404, EN.t("error.notFoundHeading"));
            assertErrorPage(anonymous().get("/o/no-such-notice"), 404, EN.t("error.notFoundHeading"));
            assertErrorPage(maria.get("/notices/no-such-notice/edit"), 404, EN.t("error.notFoundHeading"));
            assertErrorPage(maria.get("/notices/no-such-notice/delete"), 404, EN.t("error.notFoundHeading"));
            assertErrorPage(maria.submit("/notices/new", "/notices/no-such-notice/edit", Map.of("content", "x")), 404, EN.t("error.notFoundHeading"));
            assertErrorPage(maria.submit("/notices/new", "/notices/no-such-notice/delete", Map.of()), 404, EN.t("error.notFoundHeading"));
        }

        @Test
        void aWrongOrMissingCsrfTokenIsA403PageAndNothingChanges() {
            Person maria = member("maria");
            String id = maria.write("Protected by the form token", "public");
            long before = notices();
            maria.csrf("/notices/new");
            assertErrorPage(maria.post("/notices", Map.of("content", "forged", "visibility", "public", "_csrf", "x".repeat(43))), 403,
                EN.t("error.csrf"));
            assertErrorPage(maria.post("/notices", Map.of("content", "forged", "visibility", "public")), 403, EN.t("error.csrf"));
            assertErrorPage(maria.post("/notices/" + id + "/edit", Map.of("content", "forged", "_csrf", "wrong")), 403, EN.t("error.csrf"));
            assertErrorPage(maria.post("/notices/" + id + "/delete", Map.of()), 403, EN.t("error.csrf"));
            assertEquals(before, notices());
            assertEquals("<p>Protected by the form token</p>", contentOf(id));
            assertFalse(deleted(id));
        }
    }

    @Nested
    class InSpanish {
        @Test
        void theFormAndItsErrorsSpeakSpanish() {
            Person ana = new Person("es").logIn("nora");
            Document form = ana.page("/notices/new");
            assertEquals("es", form.selectFirst("html").attr("lang"));
            assertEquals(ES.t("notices.newHeading"), form.selectFirst("h1").text());
            assertTrue(form.text().contains(ES.t("notices.visibility.followers.hint")));
            HttpResponse<String> r = ana.submit("/notices/new", "/notices", Map.of("content", "", "visibility", "public"));
            assertEquals(400, r.statusCode());
            assertEquals(ES.t("error.content.required"), Jsoup.parse(r.body()).selectFirst(".error-summary a").text());
            assertEquals(ES.t("notices.heading"), ana.page("/notices").selectFirst("h1").text());
        }
    }
}
