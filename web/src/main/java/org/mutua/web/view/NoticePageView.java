package org.mutua.web.view;

import java.util.List;

/**
 * One notice with its replies.
 *
 * @param notice      the notice's head (author, time, audience, counts, whether the viewer may change it)
 * @param contentHtml ALREADY SANITISED HTML (server: NoticeText), rendered unescaped
 * @param replies     the first replies, oldest first
 * @param moreReplies how many replies there are beyond those shown
 * @param loggedIn    whether a member is looking (public notices are shown to anyone)
 */
public record NoticePageView(NoticeRow notice, String contentHtml, List<ReplyRow> replies, long moreReplies, boolean loggedIn) {

    public NoticePageView {
        replies = replies == null ? List.of() : List.copyOf(replies);
    }
}
