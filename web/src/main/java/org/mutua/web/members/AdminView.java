package org.mutua.web.members;

import java.util.List;
import org.mutua.web.PageView;

/**
 * The organisers' page.
 *
 * @param members   everyone who is not waiting for approval
 * @param pending   sign-ups waiting for approval
 * @param inviteUrl an invite link just created, or null
 */
public record AdminView(List<MemberRow> members, List<MemberRow> pending, String inviteUrl) implements PageView {
    @Override
    public String template() {
        return "members/admin.jte";
    }

    public AdminView {
        members = members == null ? List.of() : List.copyOf(members);
        pending = pending == null ? List.of() : List.copyOf(pending);
    }
}
