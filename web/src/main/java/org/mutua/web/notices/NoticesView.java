package org.mutua.web.notices;

import java.util.List;
import org.mutua.web.PageView;
import org.mutua.web.view.Pager;

/** One page of the notices a member may read, newest first, with links to the newer and older pages. */
public record NoticesView(List<NoticeRow> notices, Pager pager) implements PageView {
    @Override
    public String template() {
        return "notices/notices.jte";
    }

    public NoticesView {
        notices = notices == null ? List.of() : List.copyOf(notices);
        pager = pager == null ? Pager.single() : pager;
    }
}
