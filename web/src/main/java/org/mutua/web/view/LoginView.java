package org.mutua.web.view;

/**
 * The log-in form.
 *
 * @param rateLimited true after too many attempts: the page asks the person to wait
 */
public record LoginView(FormErrors errors, boolean rateLimited) {

    public LoginView {
        errors = errors == null ? FormErrors.none() : errors;
    }
}
