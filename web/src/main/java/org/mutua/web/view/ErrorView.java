package org.mutua.web.view;

/**
 * An error page.
 *
 * @param status  HTTP status, e.g. 404
 * @param message already translated explanation the person can act on
 */
public record ErrorView(int status, String message) {
}
