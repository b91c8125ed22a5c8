package org.mutua.web.members;

/**
 * One member in the admin lists.
 *
 * @param role   "member", "coordinator" or "admin"
 * @param status "active", "pending", "rejected" or "suspended"
 * @param joined already formatted date
 */
public record MemberRow(String username, String displayName, String role, String status, String joined) {

    public String shownName() {
        return displayName == null || displayName.isBlank() ? username : displayName;
    }
}
