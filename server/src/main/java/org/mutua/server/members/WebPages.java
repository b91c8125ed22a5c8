package org.mutua.server.members;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.mutua.config.MutuaConfig;
import org.mutua.server.http.Cookies;
import org.mutua.server.http.CsrfProtection;
import org.mutua.server.http.ErrorResponses;
import org.mutua.server.problems.Problem;
import org.mutua.web.Messages;
import org.mutua.web.PageRenderer;
import org.mutua.web.PageView;
import org.mutua.web.view.CurrentUser;
import org.mutua.web.view.ErrorView;
import org.mutua.web.view.PageContext;

/**
 * What every HTML page shares: who is logged in (session cookie), which language to speak (member setting, then an
 * explicit choice via {@code ?lang=} remembered in a cookie, then Accept-Language), the CSRF token, a one-time notice,
 * and rendering with the web module's templates.
 */
public final class WebPages implements ErrorResponses.HtmlErrorPage {
    private static final String MEMBER = "member";
    private static final String DISPLAY_NAME = "displayName";

    private final MutuaConfig config;
    private final LoginService logins;
    private final MemberService members;
    private final Cookies cookies;
    private final PageRenderer renderer = new PageRenderer();

    public WebPages(MutuaConfig config, LoginService logins, MemberService members, Cookies cookies) {
        this.config = config;
        this.logins = logins;
        this.members = members;
        this.cookies = cookies;
    }

    public PageRenderer renderer() {
        return renderer;
    }

    public Cookies cookies() {
        return cookies;
    }

    /** Loads the logged-in member (if any) for a page request; never fails the request for a stale cookie. */
    /** A handler for logged-in members only: it gets who is logged in; anyone else is sent to log in. */
    public io.vertx.core.Handler<RoutingContext> forMember(java.util.function.Function<Member, io.vertx.core.Handler<RoutingContext>> handler) {
        return ctx -> loadMember(ctx).onSuccess(m -> {
            if (m.isEmpty()) {
                redirect(ctx, "/login", null);
            } else {
                handler.apply(m.get()).handle(ctx);
            }
        }).onFailure(ctx::fail);
    }

    public Future<Optional<Member>> loadMember(RoutingContext ctx) {
        if (ctx.get(MEMBER) != null) {
            return Future.succeededFuture(Optional.of(ctx.get(MEMBER)));
        }
        return logins.sessionMember(Cookies.get(ctx, Cookies.SESSION)).compose(m -> {
            if (m.isEmpty()) {
                return Future.succeededFuture(m);
            }
            return members.profile(m.get().username()).map(p -> {
                ctx.put(MEMBER, m.get());
                p.ifPresent(x -> ctx.put(DISPLAY_NAME, x.displayName()));
                return m;
            });
        });
    }

    public Optional<Member> member(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(MEMBER));
    }

    public Messages messages(RoutingContext ctx) {
        String query = ctx.request().getParam("lang");
        String explicit = null;
        if (query != null && config.languages().contains(query)) {
            cookies.set(ctx, Cookies.LANGUAGE, query, 60L * 60 * 24 * 365);
            explicit = query;
        } else {
            String cookie = Cookies.get(ctx, Cookies.LANGUAGE);
            explicit = cookie != null && config.languages().contains(cookie) ? cookie : null;
        }
        String setting = member(ctx).map(Member::uiLanguage).orElse(null);
        return Messages.forLanguage(Messages.negotiate(setting, explicit, ctx.request().getHeader("Accept-Language"),
            config.languages(), config.defaultLanguage()));
    }

    /** How this page writes times: its language, and the member's time zone, else the node's. */
    public org.mutua.web.view.Times times(RoutingContext ctx) {
        java.time.ZoneId zone = member(ctx).map(Member::timeZone).map(java.time.ZoneId::of).orElse(config.timeZone());
        return org.mutua.web.view.Times.of(messages(ctx).lang(), zone);
    }

    /** Builds the page context and renders; the notice cookie is read once and cleared. */
    public void render(RoutingContext ctx, int status, String titleKey, PageView page) {
        renderTitled(ctx, status, messages(ctx).t(titleKey), page);
    }

    /** For pages whose title is content (a member's name) rather than a message key. */
    public void renderTitled(RoutingContext ctx, int status, String title, PageView page) {
        Messages msg = messages(ctx);
        String noticeKey = Cookies.get(ctx, Cookies.NOTICE);
        String notice = null;
        if (noticeKey != null) {
            cookies.clear(ctx, Cookies.NOTICE);
            // "notice.key" or "notice.key:argument" (arguments are usernames: cookie-safe by construction)
            String[] parts = noticeKey.split(":", 2);
            if (parts[0].startsWith("notice.") && msg.has(parts[0])) {
                notice = parts.length == 2 ? msg.t(parts[0], parts[1]) : msg.t(parts[0]);
            }
        }
        CurrentUser user = member(ctx).map(m -> new CurrentUser(m.username(), ctx.get(DISPLAY_NAME), m.role().wire())).orElse(null);
        PageContext pc = new PageContext(msg, title, config.nodeName(), neighbourhoodHandle(), user,
            CsrfProtection.token(ctx), ctx.request().path(), config.languages(), notice);
        String html = renderer.render(pc, page);
        ctx.response().setStatusCode(status)
            .putHeader("Content-Type", "text/html; charset=utf-8")
            .putHeader("Content-Language", msg.lang())
            .end(html);
    }

    /** Post/Redirect/Get with an optional one-time notice (a message key). */
    public void redirect(RoutingContext ctx, String location, String noticeKey) {
        if (noticeKey != null) {
            cookies.set(ctx, Cookies.NOTICE, noticeKey, 60);
        }
        ctx.response().setStatusCode(303).putHeader("Location", location).end();
    }

    public String neighbourhoodHandle() {
        return "@" + config.neighbourhoodUsername() + "@" + config.domain();
    }

    /** A refusal's text in the page's language when the web bundles know its code, else the service's sentence. */
    public static String text(Messages msg, Problem p) {
        return msg.has(p.code()) ? msg.t(p.code()) : p.getMessage();
    }

    @Override
    public void render(RoutingContext ctx, int status, String code, String englishMessage) {
        loadMember(ctx).onComplete(ignored -> {
            if (CsrfProtection.token(ctx) == null) {
                ctx.put("csrfToken", "");
            }
            Messages msg = messages(ctx);
            String message = msg.has(code) ? msg.t(code) : englishMessage;
            render(ctx, status, "title.error", new ErrorView(status, message));
        });
    }
}
