package org.mutua.web.notices;

/**
 * A notice in a list, or the head of a notice's own page.
 *
 * @param id             the notice's public id (links: {@code /o/{id}}, {@code /notices/{id}/edit})
 * @param authorName     who it is from: a member's name, or the neighbourhood's
 * @param authorHandle   their fediverse handle, e.g. "@ana@mutua.example"
 * @param byNeighbourhood true when posted as the neighbourhood
 * @param when           when it was posted, already formatted for the page's language
 * @param whenIso        the same instant for {@code <time datetime>}
 * @param visibility     "followers", "public" or "local"
 * @param excerpt        its first lines as PLAIN TEXT (escaped on output)
 * @param edited         true when changed after it was posted
 * @param canChange      true when the person looking may edit and delete it
 */
public record NoticeRow(String id, String authorName, String authorHandle, boolean byNeighbourhood, String when, String whenIso,
                        String visibility, String excerpt, long replies, long likes, long boosts, boolean edited, boolean canChange) {

    /** Where the notice lives; the link Mastodon users get too. */
    public String url() {
        return "/o/" + id;
    }

    /** The message key naming who can see it, e.g. "notices.visibility.followers". */
    public String visibilityKey() {
        return "notices.visibility." + visibility;
    }
}
