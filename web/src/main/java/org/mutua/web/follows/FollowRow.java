package org.mutua.web.follows;

/**
 * Someone on the fediverse in a follow list, or found by a search.
 *
 * @param id          the follow's public id (for the Unfollow / Accept / Decline forms); null for a search result
 * @param displayName the name they chose, or null
 * @param handle      {@code @user@host}, or their profile URL when they have no handle
 * @param url         their profile (actor) URL, an external link
 * @param state       "pending", "accepted" or "rejected"; null when there is no follow (a search result not followed yet)
 */
public record FollowRow(String id, String displayName, String handle, String url, String state) {

    /** The name to show: the display name, or the handle when none was given. */
    public String shownName() {
        return displayName == null || displayName.isBlank() ? handle : displayName;
    }

    /** Whether the handle is worth showing next to the name (it is the name when there is no display name). */
    public boolean showHandle() {
        return handle != null && !handle.equals(shownName());
    }
}
