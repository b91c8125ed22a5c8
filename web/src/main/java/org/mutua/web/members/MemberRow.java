package org.mutua.web.members;

import java.util.List;

/**
 * One member in the admin lists.
 *
 * @param role    "member", "coordinator" or "admin"
 * @param status  "active", "pending", "rejected" or "suspended"
 * @param joined  already formatted date
 * @param actions what the organiser looking at the page may do to this account
 */
public record MemberRow(String username, String displayName, String role, String status, String joined, Actions actions) {

    /**
     * @param passwordLink may make a one-time password link
     * @param suspend      may pause the account
     * @param restore      may restore the paused account
     * @param roles        the roles the organiser may give ("member", "coordinator", "admin"); empty: none
     */
    public record Actions(boolean passwordLink, boolean suspend, boolean restore, List<String> roles) {
        public static final Actions NONE = new Actions(false, false, false, List.of());

        public Actions {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }

        public boolean any() {
            return passwordLink || suspend || restore || !roles.isEmpty();
        }
    }

    /** A row without actions (the waiting list, or an account the organiser may not change). */
    public MemberRow(String username, String displayName, String role, String status, String joined) {
        this(username, displayName, role, status, joined, Actions.NONE);
    }

    public MemberRow {
        actions = actions == null ? Actions.NONE : actions;
    }

    public String shownName() {
        return displayName == null || displayName.isBlank() ? username : displayName;
    }
}
