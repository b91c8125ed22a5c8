package org.mutua.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.HashMap;
import java.util.Map;
import org.mutua.web.view.PageContext;

/**
 * Renders pages: every page template takes exactly two parameters, {@code page} (what every page shares) and
 * {@code view} (its own {@link PageView}, which names the template). Thread-safe; make one.
 */
public final class PageRenderer {

    private final TemplateEngine engine;

    /** Uses the templates precompiled into this jar (no compiler needed at run time). */
    public PageRenderer() {
        this(TemplateEngine.createPrecompiled(ContentType.Html));
    }

    public PageRenderer(TemplateEngine engine) {
        this.engine = engine;
    }

    /** The page of that view, in the page context's language. */
    public String render(PageContext page, PageView view) {
        Map<String, Object> params = new HashMap<>();
        params.put("page", page);
        params.put("view", view);
        StringOutput out = new StringOutput();
        engine.render(view.template(), params, out);
        return out.toString();
    }
}
