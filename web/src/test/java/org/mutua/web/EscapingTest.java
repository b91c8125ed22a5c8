package org.mutua.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mutua.web.members.AdminView;
import org.mutua.web.view.CurrentUser;
import org.mutua.web.view.FormErrors;
import org.mutua.web.members.MemberRow;
import org.mutua.web.view.PageContext;
import org.mutua.web.members.ProfileView;
import org.mutua.web.members.SettingsView;

/** Whatever people type is shown as text, never run as code. */
class EscapingTest {

    private static final String HOSTILE = "<script>alert(1)</script>";
    private static final String ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";

    private static PageContext pageFor(CurrentUser user) {
        Messages msg = Messages.forLanguage("en");
        return new PageContext(msg, HOSTILE, HOSTILE, HOSTILE, user, "\"><script>x</script>", "/settings",
                Messages.SUPPORTED, HOSTILE);
    }

    @Test
    void a_hostile_display_name_is_escaped_everywhere_it_appears() {
        CurrentUser user = new CurrentUser("ana", HOSTILE, "admin");
        String settings = SamplePages.RENDERER.render(pageFor(user),
                new SettingsView(HOSTILE, HOSTILE, List.of("es"), null, FormErrors.none(), false, HOSTILE, HOSTILE, List.of(HOSTILE),
                    List.of(new org.mutua.web.members.TokenRow(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE))));
        String admin = SamplePages.RENDERER.render(pageFor(user), new AdminView(
                List.of(new MemberRow("ana", HOSTILE, "member", "active", HOSTILE)),
                List.of(new MemberRow("bob", HOSTILE, "member", "pending", HOSTILE)), HOSTILE));
        for (String html : List.of(settings, admin)) {
            assertFalse(html.contains(HOSTILE), "raw script tag in output");
            assertFalse(html.contains("<script>x</script>"), "csrf token broke out of its attribute");
            assertTrue(html.contains(ESCAPED), "escaped text is shown");
        }
    }

    @Test
    void form_values_and_error_texts_are_escaped() {
        String html = SamplePages.RENDERER.render(pageFor(null), new org.mutua.web.members.LoginView(
                FormErrors.none().withValue("username", "\"><script>alert(1)</script>").withGeneral(HOSTILE), 0));
        assertFalse(html.contains("<script>"));
    }

    @Test
    void only_the_sanitised_bio_is_rendered_as_html_and_the_rest_of_the_profile_is_escaped() {
        String html = SamplePages.RENDERER.render(pageFor(null), new ProfileView(HOSTILE, HOSTILE, HOSTILE,
                "<p>I fix <em>bikes</em></p>", "member", HOSTILE, "javascript:alert(1)"));
        assertTrue(html.contains("<p>I fix <em>bikes</em></p>"));
        assertFalse(html.contains(HOSTILE));
        assertFalse(html.contains("javascript:"), "no script links, even from a bad actor URL");
    }

    @Test
    void in_notices_only_the_sanitised_content_and_replies_are_html_and_everything_else_is_escaped() {
        org.mutua.web.notices.NoticeRow row = new org.mutua.web.notices.NoticeRow(HOSTILE, HOSTILE, HOSTILE, false, HOSTILE, HOSTILE,
                "public", HOSTILE, 1, 0, 0, false, true);
        String list = SamplePages.RENDERER.render(pageFor(null), new org.mutua.web.notices.NoticesView(List.of(row), null));
        String page = SamplePages.RENDERER.render(pageFor(null), new org.mutua.web.notices.NoticePageView(row, "<p>Fine <em>text</em></p>",
                List.of(new org.mutua.web.notices.ReplyRow(HOSTILE, HOSTILE, "javascript:alert(1)", HOSTILE, "<p>A <strong>reply</strong></p>")),
                null, false));
        String form = SamplePages.RENDERER.render(pageFor(null), new org.mutua.web.notices.NoticeFormView(null,
                FormErrors.none().withValue("content", "</textarea>" + HOSTILE), "", "public", "member", true, HOSTILE, 5000));
        for (String html : List.of(list, page, form)) {
            assertFalse(html.contains(HOSTILE), "raw script tag in output");
            assertFalse(html.contains("javascript:"), "no script links");
            assertTrue(html.contains(ESCAPED), "escaped text is shown");
        }
        assertTrue(page.contains("<p>Fine <em>text</em></p>"));
        assertTrue(page.contains("<p>A <strong>reply</strong></p>"));
        assertFalse(form.contains("</textarea><script>"), "typed text cannot close the textarea");
    }
}
