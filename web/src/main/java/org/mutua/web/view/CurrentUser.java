package org.mutua.web.view;

/**
 * The person behind the session.
 *
 * @param role one of "member", "coordinator", "admin"
 */
public record CurrentUser(String username, String displayName, String role) {

    /** Coordinators approve sign-ups and admins run the node; both see the admin page. */
    public boolean canCoordinate() {
        return "coordinator".equals(role) || "admin".equals(role);
    }

    /** The name to show: the display name, or the username when none was set. */
    public String shownName() {
        return displayName == null || displayName.isBlank() ? username : displayName;
    }
}
