package org.mutua.web.view;

import org.mutua.web.PageView;

/**
 * An error page.
 *
 * @param status  HTTP status, e.g. 404
 * @param message already translated explanation the person can act on
 */
public record ErrorView(int status, String message) implements PageView {
    @Override
    public String template() {
        return "error.jte";
    }
}
