package org.mutua.web.notices;

/**
 * A reply from the fediverse under a notice.
 *
 * @param name        the replier's display name, or null
 * @param handle      their handle ({@code user@host}) or, when their profile was never fetched, their profile URL
 * @param profileUrl  their actor URL (http or https only, else null)
 * @param when        already formatted for the page's language
 * @param contentHtml ALREADY SANITISED HTML (server: NoticeText.sanitise, jsoup with FEDERATION.md 3's tags)
 * @param originalUrl where the reply's own server shows it (its {@code url}), or null; a link that leaves this site,
 *                    never who wrote it (FEDERATION.md 6 row 26)
 * @param memberPage  when a member of this node wrote it here: her profile page on this site (a path), else null
 */
public record ReplyRow(String name, String handle, String profileUrl, String when, String contentHtml, String originalUrl,
                       String memberPage) {

    public ReplyRow(String name, String handle, String profileUrl, String when, String contentHtml, String originalUrl) {
        this(name, handle, profileUrl, when, contentHtml, originalUrl, null);
    }

    public ReplyRow(String name, String handle, String profileUrl, String when, String contentHtml) {
        this(name, handle, profileUrl, when, contentHtml, null);
    }

    public String shownName() {
        return name == null || name.isBlank() ? handle : name;
    }

    public boolean showHandle() {
        return handle != null && !handle.equals(shownName());
    }

    /** A neighbour's reply: her name links to her profile here. */
    public boolean byMember() {
        return memberPage != null;
    }

    public boolean linkable() {
        return memberPage == null && web(profileUrl);
    }

    /** Whether there is an original to link to. */
    public boolean hasOriginal() {
        return web(originalUrl);
    }

    /** The host the original link leads to, said next to it so the reader knows where it goes. */
    public String originalHost() {
        try {
            String host = java.net.URI.create(originalUrl).getHost();
            return host == null ? originalUrl : host;
        } catch (IllegalArgumentException e) {
            return originalUrl;
        }
    }

    private static boolean web(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://"));
    }
}
