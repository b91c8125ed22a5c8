package org.mutua.web.view;

/**
 * Links to the neighbouring pages of a long list, for browsers without script. Links are built on a fixed path (never
 * the request's own URL, so nothing a visitor typed is echoed into a link); page 1 has no parameter, the others
 * {@code ?page=N}.
 *
 * @param page         this page, from 1
 * @param previousHref the page before (the last page that has items, for a page past the end), or null on the first
 * @param nextHref     the page after, or null on the last
 * @param previousKey  message key of the link to the page before ("Newer notices" where the list is newest first)
 * @param nextKey      message key of the link to the page after
 */
public record Pager(int page, String previousHref, String nextHref, String previousKey, String nextKey) {

    public static Pager of(String path, int page, int perPage, long total, String previousKey, String nextKey) {
        long lastPage = Math.max(1, (total + perPage - 1) / perPage);
        long previous = Math.min(page - 1L, lastPage);
        return new Pager(page, previous < 1 ? null : href(path, previous),
            (long) page * perPage < total ? href(path, page + 1L) : null, previousKey, nextKey);
    }

    /** A list that fits on one page. */
    public static Pager single() {
        return new Pager(1, null, null, null, null);
    }

    private static String href(String path, long page) {
        return page == 1 ? path : path + "?page=" + page;
    }

    public boolean shown() {
        return previousHref != null || nextHref != null;
    }
}
