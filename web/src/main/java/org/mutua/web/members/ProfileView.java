package org.mutua.web.members;

import org.mutua.web.PageView;

/**
 * A member's public profile.
 *
 * @param handle     fediverse handle, e.g. "@ana@mutua.example"
 * @param bioHtml    ALREADY SANITISED HTML (server: Jsoup.clean(..., Safelist.basic())); rendered unescaped
 * @param role       "member", "coordinator" or "admin"
 * @param joinedDate already formatted for the page's language
 * @param actorUrl   the ActivityPub actor URL
 * @param follow     the Follow or Unfollow button for a logged-in neighbour; null for the member herself or a visitor
 */
public record ProfileView(String username, String handle, String displayName, String bioHtml, String role,
                          String joinedDate, String actorUrl, FollowButton follow) implements PageView {
    /**
     * The viewer's follow of this member: {@code followId} and {@code state} ("pending", "accepted", "rejected") of
     * their follow, both null when they do not follow her.
     */
    public record FollowButton(String followId, String state) {
    }

    public ProfileView(String username, String handle, String displayName, String bioHtml, String role, String joinedDate, String actorUrl) {
        this(username, handle, displayName, bioHtml, role, joinedDate, actorUrl, null);
    }

    @Override
    public String template() {
        return "members/profile.jte";
    }

    public String shownName() {
        return displayName == null || displayName.isBlank() ? username : displayName;
    }

    /** True for http(s) actor URLs only: escaping does not stop a "javascript:" link, so we never emit one. */
    public boolean actorUrlLinkable() {
        return actorUrl != null && (actorUrl.startsWith("https://") || actorUrl.startsWith("http://"));
    }
}
