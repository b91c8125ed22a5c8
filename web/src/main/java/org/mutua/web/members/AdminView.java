package org.mutua.web.members;

import java.util.List;
import org.mutua.web.PageView;

/**
 * The organisers' page.
 *
 * @param members      everyone who is not waiting for approval
 * @param pending      sign-ups waiting for approval
 * @param inviteUrl    an invite link just created, or null
 * @param passwordLink a password link just made, or null
 */
public record AdminView(List<MemberRow> members, List<MemberRow> pending, String inviteUrl, PasswordLinkShown passwordLink) implements PageView {

    /**
     * A one-time password link to pass on to a neighbour; shown once, never stored in clear.
     *
     * @param shownName who it is for
     * @param until     already formatted end of its validity
     */
    public record PasswordLinkShown(String shownName, String url, String until) {
    }

    public AdminView(List<MemberRow> members, List<MemberRow> pending, String inviteUrl) {
        this(members, pending, inviteUrl, null);
    }

    @Override
    public String template() {
        return "members/admin.jte";
    }

    public AdminView {
        members = members == null ? List.of() : List.copyOf(members);
        pending = pending == null ? List.of() : List.copyOf(pending);
    }
}
