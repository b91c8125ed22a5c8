package org.mutua.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LanguageNegotiationTest {

    private static final List<String> OFFERED = List.of("en", "es");

    private static String negotiate(String user, String choice, String header) {
        return Messages.negotiate(user, choice, header, OFFERED, "en");
    }

    @Test
    void the_members_saved_setting_wins_over_everything() {
        assertEquals("es", negotiate("es", "en", "en-GB,en;q=0.9"));
    }

    @Test
    void an_explicit_choice_wins_over_the_browser() {
        assertEquals("es", negotiate(null, "es", "en-US,en;q=0.9"));
        assertEquals("es", negotiate("", "ES", "en"));
    }

    @Test
    void unsupported_settings_and_choices_are_skipped() {
        assertEquals("es", negotiate("fr", "de", "es"));
    }

    @Test
    void the_browser_language_is_used_with_region_stripped() {
        assertEquals("es", negotiate(null, null, "es-MX"));
        assertEquals("es", negotiate(null, null, "es_AR"));
        assertEquals("en", negotiate(null, null, "en-GB"));
    }

    @Test
    void quality_values_order_the_browsers_preferences() {
        assertEquals("es", negotiate(null, null, "en;q=0.5, es;q=0.8"));
        assertEquals("es", negotiate(null, null, "fr-FR, fr;q=0.9, es;q=0.7, en;q=0.6"));
        assertEquals("en", negotiate(null, null, "es;q=0.5,en"));
        assertEquals("es", negotiate(null, null, "es, en"), "equal quality keeps the browser's order");
    }

    @Test
    void a_language_with_quality_zero_is_refused() {
        assertEquals("es", negotiate(null, null, "en;q=0, es;q=0.1"));
    }

    @Test
    void a_wildcard_means_our_fallback() {
        assertEquals("en", negotiate(null, null, "*"));
        assertEquals("es", negotiate(null, null, "fr, *;q=0.5, es;q=0.8"));
        assertEquals("es", Messages.negotiate(null, null, "*", List.of("es"), "en"));
    }

    @Test
    void nothing_usable_gives_the_fallback() {
        assertEquals("en", negotiate(null, null, null));
        assertEquals("en", negotiate(null, null, ""));
        assertEquals("en", negotiate(null, null, "fr, de"));
    }

    @ParameterizedTest
    @ValueSource(strings = {";;;", ",,,,", "es;q=abc", "es;q=2", "es;q=-1", "es;q=0.5.5", "\u0000\u0001",
            "<script>alert(1)</script>", "q=1", ";q=1", "e s", "123", "es-", "-es", "ünïcödé", "es;q=1e3"})
    void garbage_headers_never_throw_and_never_pick_nonsense(String header) {
        String chosen = negotiate(null, null, header);
        assertEquals(true, OFFERED.contains(chosen), header + " -> " + chosen);
    }

    @Test
    void malformed_weights_drop_only_their_own_range() {
        assertEquals("en", negotiate(null, null, "es;q=abc"));
        assertEquals("es", negotiate(null, null, "fr;q=abc, es"));
    }

    @Test
    void huge_headers_are_cut_short_quickly() {
        String huge = "xx-YY;q=0.9,".repeat(200_000) + "es";
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertEquals("en", negotiate(null, null, huge)));
        String longTag = "e".repeat(100_000);
        assertEquals("en", negotiate(longTag, longTag, longTag));
    }

    @Test
    void an_empty_offer_list_still_answers_with_the_fallback() {
        assertEquals("en", Messages.negotiate("es", "es", "es", List.of(), "en"));
        assertEquals("en", Messages.negotiate(null, null, null, null, "en"));
    }
}
