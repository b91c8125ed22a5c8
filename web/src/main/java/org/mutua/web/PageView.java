package org.mutua.web;

/**
 * What a page shows: a record of the values its template takes as {@code view}. Each knows its template, so one
 * generic {@link PageRenderer#render(org.mutua.web.view.PageContext, PageView)} renders every page and a feature adds
 * pages without touching the renderer.
 */
public interface PageView {
    /** The template's path under {@code web/src/main/jte}, e.g. {@code "notices/notice.jte"}. */
    String template();
}
