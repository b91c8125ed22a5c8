package org.mutua.web.view;

import java.util.List;
import org.mutua.web.Messages;

/**
 * What every page needs besides its own view: the language, the shell's texts and the session.
 *
 * @param msg                 the interface language chosen for this request
 * @param title               translated page title (shown in the browser tab before the node name)
 * @param nodeName            the node's display name, e.g. "Barrio Norte Mutual Aid"
 * @param neighbourhoodHandle the neighbourhood group's fediverse handle, e.g. "@barrio@mutua.example"
 * @param user                the logged-in person, or null when logged out
 * @param csrfToken           the session's CSRF token; every form posts it as {@code _csrf}
 * @param currentPath         the request path without query, e.g. "/settings"; used for the language links
 * @param languages           the interface languages offered, e.g. ["en", "es"]
 * @param notice              a one-time message already translated (flash), or null
 */
public record PageContext(Messages msg, String title, String nodeName, String neighbourhoodHandle,
                          CurrentUser user, String csrfToken, String currentPath, List<String> languages,
                          String notice) {

    public PageContext {
        languages = languages == null ? Messages.SUPPORTED : List.copyOf(languages);
        currentPath = currentPath == null || currentPath.isBlank() ? "/" : currentPath;
        csrfToken = csrfToken == null ? "" : csrfToken;
    }

    public boolean loggedIn() {
        return user != null;
    }

    /** Link that reloads the current page in {@code lang}; the server stores the choice in a cookie. */
    public String languageLink(String lang) {
        return currentPath + "?lang=" + lang;
    }

    /** For {@code aria-current="page"} in the navigation: "page" when {@code path} is this page, else null. */
    public String currentMarker(String path) {
        return currentPath.equals(path) ? "page" : null;
    }
}
