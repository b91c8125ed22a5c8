package org.mutua.server.notices;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;
import org.mutua.server.problems.Problem;

/**
 * A notice is typed as plain text: it is escaped, blank lines become paragraphs and single newlines line breaks, and
 * the result passes jsoup with the tags FEDERATION.md 3 allows, so no markup a member types ever reaches a reader.
 */
public final class NoticeText {
    public static final int MAX = 5000;
    /** FEDERATION.md 3: content HTML is limited to these tags. */
    static final Safelist ALLOWED = new Safelist()
        .addTags("p", "br", "a", "span", "strong", "em", "ul", "ol", "li")
        .addAttributes("a", "href", "rel", "class")
        .addAttributes("span", "class")
        .addProtocols("a", "href", "https", "http");

    private NoticeText() {
    }

    /** Validates (1..5000 characters, not blank) and renders; 400 naming {@code content} otherwise. */
    public static String html(String text) {
        if (text == null || text.isBlank()) {
            throw Problem.invalid("content", "error.content.required", "content is required");
        }
        String s = text.replace("\r\n", "\n").replace('\r', '\n').replaceAll("[\\p{Cc}&&[^\n\t]]", "").strip();
        if (s.codePointCount(0, s.length()) > MAX) {
            throw Problem.invalid("content", "error.content.tooLong", "content must be at most " + MAX + " characters");
        }
        if (s.isEmpty()) {
            throw Problem.invalid("content", "error.content.required", "content is required");
        }
        String html = Arrays.stream(s.split("\n\\s*\n"))
            .map(p -> "<p>" + escape(p.strip()).replace("\n", "<br>") + "</p>")
            .collect(Collectors.joining());
        return sanitise(html);
    }

    /** jsoup with the allowed tags only. */
    public static String sanitise(String html) {
        return Jsoup.clean(html, "", ALLOWED, new Document.OutputSettings().prettyPrint(false));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
