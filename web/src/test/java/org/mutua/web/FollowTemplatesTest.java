package org.mutua.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** The people and followers pages: the forms the server expects, and the neighbourhood only for organisers. */
class FollowTemplatesTest {
    private final Map<String, String> en = SamplePages.all("en");

    @Test
    void a_found_profile_has_an_external_link_and_a_follow_form_with_the_actor_url() {
        Document doc = Jsoup.parse(en.get("people-found"));
        assertEquals("https://other.example/users/juan", doc.selectFirst("#main form[action=/people/follow] input[type=hidden][name=target]").attr("value"));
        assertEquals("https://other.example/users/juan", doc.selectFirst("section.found a[rel~=external]").attr("href"));
        assertEquals("juan@other.example", doc.selectFirst("input#target").attr("value"));
        assertEquals(1, doc.select("form[action=/people/f1/unfollow]").size());
        assertTrue(Jsoup.parse(en.get("people-found-followed")).select("form[action=/people/follow]").isEmpty(), "already followed");
    }

    @Test
    void a_search_error_is_tied_to_the_target_field() {
        Document doc = Jsoup.parse(en.get("people-error"));
        assertEquals("#target", doc.selectFirst(".error-summary a").attr("href"));
        assertEquals("true", doc.selectFirst("input#target").attr("aria-invalid"));
        assertTrue(doc.selectFirst("input#target").attr("aria-describedby").contains("target-error"));
    }

    @Test
    void members_decide_their_own_requests_and_only_organisers_see_the_neighbourhood() {
        Document member = Jsoup.parse(en.get("followers"));
        assertEquals(1, member.select("form[action=/follow-requests/f2/accept]").size());
        assertEquals(1, member.select("form[action=/follow-requests/f2/reject]").size());
        assertTrue(member.select("#hood-requests-title, #hood-followers-title").isEmpty());
        assertTrue(member.text().contains("admins") || member.text().contains("run those servers"), "says plainly that server admins can read");
        Document organiser = Jsoup.parse(en.get("followers-organiser"));
        assertEquals(1, organiser.select("#hood-requests-title").size());
        assertEquals(1, organiser.select("#hood-followers-title").size());
        assertEquals(1, organiser.select("form[action=/follow-requests/f2/accept]").size());
    }

    @Test
    void each_follower_has_a_remove_form_with_its_csrf_token_for_the_member_and_for_the_neighbourhood() {
        Document member = Jsoup.parse(en.get("followers"));
        assertEquals(1, member.select("section[aria-labelledby=followers-title] form[method=post][action=/followers/f1/remove] input[name=_csrf]").size());
        assertTrue(member.select("section[aria-labelledby=requests-title] form[action$=/remove]").isEmpty(), "requests are declined, not removed");
        Document organiser = Jsoup.parse(en.get("followers-organiser"));
        assertEquals(1, organiser.select("section[aria-labelledby=hood-followers-title] form[action=/followers/f1/remove] input[name=_csrf]").size());
        assertTrue(Jsoup.parse(en.get("followers-empty")).select("form[action$=/remove]").isEmpty());
    }
}
