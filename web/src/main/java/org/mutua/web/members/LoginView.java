package org.mutua.web.members;

import org.mutua.web.PageView;
import org.mutua.web.view.FormErrors;

/**
 * The log-in form.
 *
 * @param waitSeconds after too many tries, how long to wait before the next one (the page says so, once); else 0
 */
public record LoginView(FormErrors errors, long waitSeconds) implements PageView {
    @Override
    public String template() {
        return "members/login.jte";
    }

    public LoginView {
        errors = errors == null ? FormErrors.none() : errors;
    }

    public boolean rateLimited() {
        return waitSeconds > 0;
    }
}
