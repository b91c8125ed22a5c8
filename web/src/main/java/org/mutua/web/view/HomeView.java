package org.mutua.web.view;

import org.mutua.web.PageView;
import org.mutua.web.notices.NoticeRow;

/**
 * The front page.
 *
 * @param description      what this neighbourhood node is about, plain text as the admin typed it
 * @param registrationMode "open", "approval" or "invite"
 * @param notices          the neighbourhood's latest public notices, newest first
 */
public record HomeView(String description, String registrationMode, String neighbourhoodHandle, long memberCount,
                       java.util.List<NoticeRow> notices) implements PageView {
    @Override
    public String template() {
        return "home.jte";
    }

    public HomeView {
        notices = notices == null ? java.util.List.of() : java.util.List.copyOf(notices);
    }

    /** Without notices (a new neighbourhood). */
    public HomeView(String description, String registrationMode, String neighbourhoodHandle, long memberCount) {
        this(description, registrationMode, neighbourhoodHandle, memberCount, java.util.List.of());
    }
}
