package org.mutua.web.notices;

import org.mutua.web.PageView;

/**
 * Asking before a notice is deleted.
 *
 * @param notice      the notice's head
 * @param contentHtml ALREADY SANITISED HTML (server: NoticeText), rendered unescaped
 */
public record NoticeDeleteView(NoticeRow notice, String contentHtml) implements PageView {
    @Override
    public String template() {
        return "notices/notice-delete.jte";
    }
}
