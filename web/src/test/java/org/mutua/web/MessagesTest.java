package org.mutua.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private final Messages en = Messages.forLanguage("en");
    private final Messages es = Messages.forLanguage("es");

    @Test
    void both_bundles_have_exactly_the_same_keys() {
        Set<String> onlyInEn = new TreeSet<>(en.keys());
        onlyInEn.removeAll(es.keys());
        Set<String> onlyInEs = new TreeSet<>(es.keys());
        onlyInEs.removeAll(en.keys());
        assertTrue(onlyInEn.isEmpty(), "missing in Spanish: " + onlyInEn);
        assertTrue(onlyInEs.isEmpty(), "missing in English: " + onlyInEs);
    }

    @Test
    void no_message_is_empty_and_none_uses_the_ascii_apostrophe_that_message_format_would_swallow() {
        for (String lang : Messages.SUPPORTED) {
            Messages msg = Messages.forLanguage(lang);
            for (String key : msg.keys()) {
                String text = msg.t(key);
                assertFalse(text.isBlank(), lang + ": empty " + key);
                assertFalse(text.contains("'"), lang + ": use ’ instead of ' in " + key);
            }
        }
    }

    @Test
    void bundles_are_read_as_utf8() {
        assertEquals("Español", es.t("language.name.es"));
        assertEquals("Únete al barrio", es.t("signup.heading"));
    }

    @Test
    void every_key_a_template_uses_exists() throws IOException {
        Pattern literalKey = Pattern.compile("\\bm\\.t\\(\"([A-Za-z0-9_.]+)\"[,)]");
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/jte"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".jte")).toList()) {
                Matcher matcher = literalKey.matcher(Files.readString(file));
                while (matcher.find()) {
                    used.add(matcher.group(1));
                }
            }
        }
        // Keys built at run time from view values.
        for (String lang : Messages.SUPPORTED) {
            used.add("language.name." + lang);
        }
        for (String role : List.of("member", "coordinator", "admin")) {
            used.add("role." + role);
        }
        for (String status : List.of("active", "pending", "rejected", "suspended")) {
            used.add("status." + status);
        }
        assertTrue(used.size() > 50, "the scan found the templates' keys");
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(en.keys());
        assertTrue(missing.isEmpty(), "keys used but not defined: " + missing);
    }

    @Test
    void a_missing_key_is_shown_as_itself_so_it_gets_noticed() {
        assertEquals("no.such.key", en.t("no.such.key"));
        assertEquals("no.such.key", en.t("no.such.key", 1, 2));
    }

    @Test
    void arguments_are_formatted_per_language() {
        assertEquals("Welcome to Barrio Norte", en.t("home.heading", "Barrio Norte"));
        assertEquals("One neighbour has joined so far.", en.t("home.memberCount", 1L));
        assertEquals("1,234 neighbours have joined so far.", en.t("home.memberCount", 1234L));
        assertEquals("Todavía no se ha unido nadie.", es.t("home.memberCount", 0L));
        assertEquals("Por ahora se han unido 1.234 personas del barrio.", es.t("home.memberCount", 1234L));
    }

    @Test
    void unknown_or_regional_languages_map_to_a_supported_bundle() {
        assertEquals("es", Messages.forLanguage("es-MX").lang());
        assertEquals("en", Messages.forLanguage("fr").lang());
        assertEquals("en", Messages.forLanguage(null).lang());
        assertEquals("en", Messages.forLanguage("<script>").lang());
        assertEquals(List.of("en", "es"), Messages.SUPPORTED);
    }
}
