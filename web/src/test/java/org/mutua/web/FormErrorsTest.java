package org.mutua.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.mutua.web.view.FormErrors;
import org.mutua.web.members.SignupView;

class FormErrorsTest {

    @Test
    void no_errors_means_no_summary_and_no_aria_invalid() {
        FormErrors none = FormErrors.none();
        assertFalse(none.any());
        assertNull(none.invalid("username"));
        assertEquals("username-hint", none.describedBy("username", true));
        assertNull(none.describedBy("username", false));
    }

    @Test
    void errors_keep_the_order_they_were_added_in() {
        FormErrors errors = FormErrors.none().withError("username", "a").withError("displayName", "b")
                .withError("password", "c");
        assertEquals(List.of("username", "displayName", "password"), List.copyOf(errors.fields().keySet()));
    }

    @Test
    void the_summary_links_to_each_field_and_each_field_points_to_its_message() {
        FormErrors errors = FormErrors.none().withError("username", "error.username.format")
                .withValue("username", "Ana Garcia");
        Document doc = Jsoup.parse(SamplePages.RENDERER.render(
                SamplePages.page("en", "title.signup", null, "/signup"), new SignupView("open", null, errors)));
        assertEquals("#username", doc.selectFirst(".error-summary a").attr("href"));
        assertEquals("Use only letters a to z, numbers and _, up to 30 characters.",
                doc.selectFirst(".error-summary a").text());
        assertEquals("true", doc.selectFirst("#username").attr("aria-invalid"));
        assertEquals("username-hint username-error", doc.selectFirst("#username").attr("aria-describedby"));
        assertEquals("Ana Garcia", doc.selectFirst("#username").attr("value"), "what was typed comes back");
        assertTrue(doc.selectFirst("#username-error").text().contains("letters a to z"));
        assertFalse(doc.selectFirst("#displayName").hasAttr("aria-invalid"));
    }

    @Test
    void typed_passwords_are_never_sent_back() {
        FormErrors errors = FormErrors.none().withError("password", "error.password.tooShort");
        Document doc = Jsoup.parse(SamplePages.RENDERER.render(
                SamplePages.page("en", "title.signup", null, "/signup"), new SignupView("open", null, errors)));
        assertEquals("", doc.selectFirst("#password").attr("value"));
        assertEquals("new-password", doc.selectFirst("#password").attr("autocomplete"));
    }
}
