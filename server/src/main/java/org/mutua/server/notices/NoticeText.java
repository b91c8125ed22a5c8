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
     * values (a peer's {@code class="button"} must not borrow this node's styles), every link marked as not ours, and a
     * link whose text shows another address than it leads to followed by the real host (FEDERATION.md 6 row 25).
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
            String real = hostOf(a.attr("href"));
            if (real != null && showsAnotherHost(a.text(), real)) {
                a.after(new org.jsoup.nodes.TextNode(" (" + real + ")"));
            }
        }
        return doc.body().html();
    }

    /** Anything in a link's text that reads as a web address: a host name with a dot, with or without a scheme. */
    private static final java.util.regex.Pattern ADDRESS =
        java.util.regex.Pattern.compile("(?:[a-z][a-z0-9+.-]*://)?((?:[\\p{L}\\p{N}-]+\\.)+[\\p{L}\\p{N}-]{2,})", java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * Whether a link's text shows an address on another host than the one it leads to (FEDERATION.md 6 row 25:
     * {@code <a href="https://evil.example/">https://bank.example/</a>}); the page then shows the real host after it.
     * Hosts are compared in their ASCII form, so a look-alike written in another script is caught too.
     */
    static boolean showsAnotherHost(String text, String realHost) {
        java.util.regex.Matcher m = ADDRESS.matcher(text);
        while (m.find()) {
            String shown = ascii(m.group(1));
            if (shown == null || !withoutWww(shown).equals(withoutWww(realHost))) {
                return true;
            }
        }
        return false;
    }

    /** The link's host in ASCII (punycode) lowercase, as the reader's browser will go to it; null when it has none. */
    static String hostOf(String href) {
        try {
            java.net.URI u = java.net.URI.create(href);
            String host = u.getHost();
            if (host == null && u.getAuthority() != null) {
                // java.net.URI leaves a host in another script as a bare authority: take it apart by hand.
                host = u.getAuthority().substring(u.getAuthority().lastIndexOf('@') + 1).replaceFirst(":[0-9]*$", "");
            }
            return host == null || host.isEmpty() ? null : ascii(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String ascii(String host) {
        try {
            return java.net.IDN.toASCII(host, java.net.IDN.ALLOW_UNASSIGNED).toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String withoutWww(String host) {
        return host.startsWith("www.") ? host.substring(4) : host;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
