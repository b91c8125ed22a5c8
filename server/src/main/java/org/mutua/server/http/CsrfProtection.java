package org.mutua.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.mutua.server.problems.Problem;
import org.mutua.server.security.RandomTokens;

/**
 * Double-submit CSRF protection for the HTML forms: a random token lives in an HttpOnly cookie and in a hidden
 * {@code _csrf} field; a form POST whose field does not match the cookie is refused with 403 before any handler runs.
 * The JSON API (bearer tokens, no cookies) and ActivityPub inboxes (HTTP signatures) are not cookie-authenticated and
 * are left out.
 */
public final class CsrfProtection implements Handler<RoutingContext> {
    public static final String FIELD = "_csrf";
    private static final String KEY = "csrfToken";

    private final Cookies cookies;

    public CsrfProtection(Cookies cookies) {
        this.cookies = cookies;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path.startsWith("/api/") || path.endsWith("/inbox") || path.equals("/inbox")) {
            ctx.next();
            return;
        }
        String token = Cookies.get(ctx, Cookies.CSRF);
        boolean fresh = token == null || token.length() < 32 || token.length() > 64;
        if (fresh) {
            token = RandomTokens.urlSafe(32);
            cookies.set(ctx, Cookies.CSRF, token, 60L * 60 * 24 * 30);
        }
        ctx.put(KEY, token);
        HttpMethod m = ctx.request().method();
        if (m == HttpMethod.POST || m == HttpMethod.PUT || m == HttpMethod.PATCH || m == HttpMethod.DELETE) {
            String sent = ctx.request().getFormAttribute(FIELD);
            if (fresh || !RandomTokens.sameSecret(token, sent)) {
                ctx.fail(Problem.forbidden("error.csrf", "the form's security token did not match; reload the page and try again"));
                return;
            }
        }
        ctx.next();
    }

    public static String token(RoutingContext ctx) {
        return ctx.get(KEY);
    }
}
