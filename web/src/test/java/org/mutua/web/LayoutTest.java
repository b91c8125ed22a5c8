package org.mutua.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.mutua.web.view.CurrentUser;
import org.mutua.web.view.HomeView;

/** The shared shell: navigation depends on who is logged in, and the language switcher is plain links. */
class LayoutTest {

    private static Document home(CurrentUser user, String lang) {
        HomeView view = new HomeView("", "open", "@barrio@mutua.example", 3);
        return Jsoup.parse(SamplePages.RENDERER.render(SamplePages.page(lang, "title.home", user, "/"), view));
    }

    @Test
    void logged_out_visitors_see_log_in_and_join_but_no_logout() {
        Document doc = home(null, "en");
        assertEquals(1, doc.select("nav a[href=/login]").size());
        assertEquals(1, doc.select("nav a[href=/signup]").size());
        assertTrue(doc.select("form[action=/logout]").isEmpty());
        assertTrue(doc.select("a[href=/people], a[href=/followers]").isEmpty());
        assertTrue(doc.select("a[href=/admin]").isEmpty());
    }

    @Test
    void members_see_profile_settings_and_a_logout_form_but_not_the_organiser_page() {
        Document doc = home(SamplePages.MEMBER, "en");
        assertEquals(1, doc.select("nav a[href=/u/ana]").size());
        assertEquals(1, doc.select("nav a[href=/settings]").size());
        assertEquals(1, doc.select("nav a[href=/people]").size());
        assertEquals(1, doc.select("nav a[href=/followers]").size());
        assertEquals(1, doc.select("form[action=/logout][method=post] input[name=_csrf]").size());
        assertTrue(doc.select("a[href=/admin]").isEmpty());
    }

    @Test
    void coordinators_and_admins_see_the_organiser_page() {
        assertEquals(1, home(SamplePages.ORGANISER, "en").select("nav a[href=/admin]").size());
        assertEquals(1, home(new CurrentUser("root", "Admin", "admin"), "es").select("nav a[href=/admin]").size());
    }

    @Test
    void the_language_switcher_links_each_language_in_its_own_name() {
        Document doc = home(null, "es");
        assertEquals("/?lang=en", doc.selectFirst("a[hreflang=en][lang=en]").attr("href"));
        assertEquals("English", doc.selectFirst("a[hreflang=en]").text());
        assertEquals("Español", doc.selectFirst("a[hreflang=es]").text());
        assertEquals("true", doc.selectFirst("a[hreflang=es]").attr("aria-current"));
        assertEquals("page", doc.selectFirst("nav a[href=/]").attr("aria-current"));
    }

    @Test
    void the_shell_uses_only_local_static_files() {
        Document doc = home(null, "en");
        assertEquals("/static/mutua.css", doc.selectFirst("link[rel=stylesheet]").attr("href"));
        assertTrue(doc.select("script").isEmpty(), "no JavaScript needed");
        for (String file : List.of("mutua.css", "logo.svg", "favicon.svg")) {
            assertNotNull(PageRenderer.class.getResource("static/" + file), file + " is on the class path");
        }
    }
}
