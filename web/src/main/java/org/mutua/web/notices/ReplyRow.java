package org.mutua.web.notices;

/**
 * A reply from the fediverse under a notice.
 *
 * @param name        the replier's display name, or null
 * @param handle      their handle ({@code user@host}) or, when their profile was never fetched, their profile URL
 * @param profileUrl  their actor URL (http or https only, else null)
 * @param when        already formatted for the page's language
 * @param contentHtml ALREADY SANITISED HTML (server: NoticeText.sanitise, jsoup with FEDERATION.md 3's tags)
 */
public record ReplyRow(String name, String handle, String profileUrl, String when, String contentHtml) {

    public String shownName() {
        return name == null || name.isBlank() ? handle : name;
    }

    public boolean showHandle() {
        return handle != null && !handle.equals(shownName());
    }

    public boolean linkable() {
        return profileUrl != null && (profileUrl.startsWith("https://") || profileUrl.startsWith("http://"));
    }
}
