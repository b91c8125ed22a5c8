package org.mutua.web.view;

/**
 * Asking before a notice is deleted.
 *
 * @param notice      the notice's head
 * @param contentHtml ALREADY SANITISED HTML (server: NoticeText), rendered unescaped
 */
public record NoticeDeleteView(NoticeRow notice, String contentHtml) {
}
