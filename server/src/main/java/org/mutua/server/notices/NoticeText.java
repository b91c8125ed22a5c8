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

    /** The classes Mastodon marks mentions and hashtags with (its "h-card"/"u-url mention"/"hashtag" markup). */
    static final java.util.Set<String> CLASSES = java.util.Set.of("mention", "hashtag", "u-url", "h-card");

    /**
     * Stored remote HTML as a page shows it, cleaned again when rendered, whatever the database holds (a row written
     * before a rule changed, or by hand): the allowed tags only, {@code class} only with Mastodon's mention and hashtag
     * values (a peer's {@code class="button"} must not borrow this node's styles), and every link marked as not ours.
     */
    public static String forDisplay(String storedHtml) {
        Document doc = Jsoup.parseBodyFragment(sanitise(storedHtml == null ? "" : storedHtml));
        doc.outputSettings(new Document.OutputSettings().prettyPrint(false));
        for (org.jsoup.nodes.Element e : doc.body().select("[class]")) {
            java.util.List<String> kept = e.classNames().stream().filter(CLASSES::contains).toList();
            if (kept.isEmpty()) {
                e.removeAttr("class");
            } else {
                e.attr("class", String.join(" ", kept));
            }
        }
        for (org.jsoup.nodes.Element a : doc.body().select("a")) {
            a.attr("rel", "nofollow noopener noreferrer ugc");
        }
        return doc.body().html();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
