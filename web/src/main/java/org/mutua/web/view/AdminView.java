package org.mutua.web.view;

import java.util.List;

/**
 * The organisers' page.
 *
 * @param members   everyone who is not waiting for approval
 * @param pending   sign-ups waiting for approval
 * @param inviteUrl an invite link just created, or null
 */
public record AdminView(List<MemberRow> members, List<MemberRow> pending, String inviteUrl) {

    public AdminView {
        members = members == null ? List.of() : List.copyOf(members);
        pending = pending == null ? List.of() : List.copyOf(pending);
    }
}
