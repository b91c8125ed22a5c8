package org.mutua.web.notices;

import java.util.List;
import org.mutua.web.PageView;
import org.mutua.web.view.FormErrors;
import org.mutua.web.view.Pager;

/**
 * One notice with its replies.
 *
 * @param notice      the notice's head (author, time, audience, counts, whether the viewer may change it)
 * @param contentHtml ALREADY SANITISED HTML (server: NoticeText), rendered unescaped
 * @param replies     one page of the replies, oldest first
 * @param replyPager  links to the earlier and later pages of replies
 * @param loggedIn    whether a member is looking (public notices are shown to anyone)
 * @param replyErrors the reply form, shown to any member who may read the notice, with what she typed and what was
 *                    wrong with it; null: no form (a visitor)
 */
public record NoticePageView(NoticeRow notice, String contentHtml, List<ReplyRow> replies, Pager replyPager, boolean loggedIn,
                             FormErrors replyErrors, int replyMaxLength) implements PageView {
    @Override
    public String template() {
        return "notices/notice.jte";
    }

    public NoticePageView(NoticeRow notice, String contentHtml, List<ReplyRow> replies, Pager replyPager, boolean loggedIn) {
        this(notice, contentHtml, replies, replyPager, loggedIn, null, 0);
    }

    public boolean canReply() {
        return replyErrors != null;
    }

    public NoticePageView {
        replies = replies == null ? List.of() : List.copyOf(replies);
        replyPager = replyPager == null ? Pager.single() : replyPager;
    }
}
