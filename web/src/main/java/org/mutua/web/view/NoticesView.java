package org.mutua.web.view;

import java.util.List;

/** The notices a member may read, newest first; {@code total} counts them all, also those not shown. */
public record NoticesView(List<NoticeRow> notices, long total) {

    public NoticesView {
        notices = notices == null ? List.of() : List.copyOf(notices);
    }

    public boolean more() {
        return total > notices.size();
    }
}
