package org.mutua.web.members;

import org.mutua.web.PageView;
import org.mutua.web.view.FormErrors;

/**
 * The join form.
 *
 * @param registrationMode "open", "approval" (an organiser approves) or "invite" (invite link needed)
 * @param inviteCode       the code from the invite link, or null
 * @param usernamePattern  the username field's {@code pattern} (the server's rule), or null for none
 */
public record SignupView(String registrationMode, String inviteCode, FormErrors errors, String usernamePattern) implements PageView {
    public SignupView(String registrationMode, String inviteCode, FormErrors errors) {
        this(registrationMode, inviteCode, errors, null);
    }

    @Override
    public String template() {
        return "members/signup.jte";
    }

    public SignupView {
        errors = errors == null ? FormErrors.none() : errors;
    }

    /** Came with an invite link: joins at once, whatever the mode, so the page does not ask for a reason. */
    public boolean invited() {
        return inviteCode != null && !inviteCode.isBlank();
    }

    /** An organiser looks at this sign-up before it is active. */
    public boolean needsApproval() {
        return "approval".equals(registrationMode) && !invited();
    }

    /** In invite mode without a code there is nothing to fill in: the page explains how to get one. */
    public boolean formShown() {
        return !"invite".equals(registrationMode) || (inviteCode != null && !inviteCode.isBlank());
    }
}
