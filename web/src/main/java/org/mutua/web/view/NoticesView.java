package org.mutua.web.view;

import java.util.List;

/** One page of the notices a member may read, newest first, with links to the newer and older pages. */
public record NoticesView(List<NoticeRow> notices, Pager pager) {

    public NoticesView {
        notices = notices == null ? List.of() : List.copyOf(notices);
        pager = pager == null ? Pager.single() : pager;
    }
}
