package org.mutua.web.members;

import org.mutua.web.PageView;
import org.mutua.web.view.FormErrors;

/**
 * The log-in form.
 *
 * @param rateLimited true after too many attempts: the page asks the person to wait
 */
public record LoginView(FormErrors errors, boolean rateLimited) implements PageView {
    @Override
    public String template() {
        return "members/login.jte";
    }

    public LoginView {
        errors = errors == null ? FormErrors.none() : errors;
    }
}
