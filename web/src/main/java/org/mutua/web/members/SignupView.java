package org.mutua.web.members;

import org.mutua.web.PageView;
import org.mutua.web.view.FormErrors;

/**
 * The join form.
 *
 * @param registrationMode "open", "approval" (an organiser approves) or "invite" (invite link needed)
 * @param inviteCode       the code from the invite link, or null
 */
public record SignupView(String registrationMode, String inviteCode, FormErrors errors) implements PageView {
    @Override
    public String template() {
        return "members/signup.jte";
    }

    public SignupView {
        errors = errors == null ? FormErrors.none() : errors;
    }

    /** In invite mode without a code there is nothing to fill in: the page explains how to get one. */
    public boolean formShown() {
        return !"invite".equals(registrationMode) || (inviteCode != null && !inviteCode.isBlank());
    }
}
