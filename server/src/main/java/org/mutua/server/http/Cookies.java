package org.mutua.server.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/** Every cookie the node sets: HttpOnly, SameSite=Lax, Path=/, and Secure whenever the public scheme is https. */
public final class Cookies {
    public static final String SESSION = "mutua_session";
    public static final String CSRF = "mutua_csrf";
    public static final String LANGUAGE = "mutua_lang";
    public static final String NOTICE = "mutua_notice";

    private final boolean secure;

    public Cookies(boolean secure) {
        this.secure = secure;
    }

    public void set(RoutingContext ctx, String name, String value, long maxAgeSeconds) {
        ctx.response().addCookie(Cookie.cookie(name, value).setPath("/").setHttpOnly(true).setSecure(secure)
            .setSameSite(CookieSameSite.LAX).setMaxAge(maxAgeSeconds));
    }

    public void clear(RoutingContext ctx, String name) {
        set(ctx, name, "", 0);
    }

    public static String get(RoutingContext ctx, String name) {
        Cookie c = ctx.request().getCookie(name);
        return c == null ? null : c.getValue();
    }
}
