package org.mutua.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every page, in every language, meets the structural accessibility rules we promise. */
class TemplatesRenderTest {

    @TestFactory
    Stream<DynamicTest> every_page_in_every_language_is_well_formed_and_accessible() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String lang : Messages.SUPPORTED) {
            for (Map.Entry<String, String> page : SamplePages.all(lang).entrySet()) {
                String name = page.getKey() + " [" + lang + "]";
                String html = page.getValue();
                keepForAxe(page.getKey() + "-" + lang, html);
                tests.add(DynamicTest.dynamicTest(name, () -> checkPage(name, lang, html)));
            }
        }
        return tests.stream();
    }

    private static void checkPage(String name, String lang, String html) {
        Document doc = Jsoup.parse(html);
        assertTrue(html.startsWith("<!DOCTYPE html>"), name + ": doctype first");
        assertEquals(lang, doc.selectFirst("html").attr("lang"), name + ": <html lang>");
        assertEquals(1, doc.select("h1").size(), name + ": exactly one h1");
        assertEquals(1, doc.select("main#main").size(), name + ": one main landmark with id main");
        assertEquals(1, doc.select("a.skip-link[href=#main]").size(), name + ": skip link");
        assertEquals(1, doc.select("header").size(), name + ": header landmark");
        assertEquals(1, doc.select("footer").size(), name + ": footer landmark");
        assertFalse(doc.select("meta[name=viewport]").isEmpty(), name + ": viewport meta");
        assertFalse(doc.title().isBlank(), name + ": title");
        assertFalse(doc.text().contains("@//") || doc.text().contains("<%--"), name + ": a template comment leaked into the page");

        for (Element input : doc.select("input, select, textarea")) {
            String type = input.attr("type");
            if (type.equals("hidden") || type.equals("submit")) {
                continue;
            }
            String id = input.id();
            assertFalse(id.isEmpty(), name + ": control without id: " + input);
            assertEquals(1, doc.select("label[for=" + id + "]").size(), name + ": label for #" + id);
            assertEquals(1, doc.select("#" + id).size(), name + ": unique id #" + id);
            for (String describedBy : input.attr("aria-describedby").split(" ")) {
                if (!describedBy.isEmpty()) {
                    assertFalse(doc.select("#" + describedBy).isEmpty(), name + ": aria-describedby target #" + describedBy);
                }
            }
        }
        for (Element form : doc.select("form")) {
            assertEquals("post", form.attr("method"), name + ": forms post");
            assertEquals("csrf-token-123", form.select("input[type=hidden][name=_csrf]").attr("value"),
                    name + ": _csrf in form " + form.attr("action"));
        }
        for (Element link : doc.select("a.error-summary a, .error-summary a")) {
            String target = link.attr("href").substring(1);
            assertFalse(doc.select("#" + target).isEmpty(), name + ": error summary link target #" + target);
        }
        for (String text : List.of(doc.text())) {
            assertFalse(text.matches(".*\\b(nav|home|signup|login|settings|admin|field|error|form|role|status)\\.[a-zA-Z]+.*"),
                    name + ": a message key leaked into the page: " + text);
        }
    }

    /** Rendered pages go to target/rendered for looking at by hand (the server's browser tests run axe-core on the live pages). */
    private static void keepForAxe(String name, String html) throws IOException {
        Path dir = Path.of("target", "rendered");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".html"), html, StandardCharsets.UTF_8);
    }
}
