package org.mutua.web.members;

import org.mutua.web.PageView;
import org.mutua.web.view.FormErrors;

/**
 * The page a one-time password link opens: choose a new password.
 *
 * @param key      the link's key, posted back with the form; null when the link does not work
 * @param username whose password it sets
 */
public record PasswordLinkView(String key, String username, FormErrors errors) implements PageView {
    @Override
    public String template() {
        return "members/password-link.jte";
    }

    public boolean works() {
        return key != null;
    }
}
