package org.mutua.server.members;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;
import org.mutua.config.MutuaConfig;
import org.mutua.server.http.ClientKey;
import org.mutua.server.http.Cookies;
import org.mutua.server.members.WebPages;
import org.mutua.server.problems.Problem;
import org.mutua.web.Messages;
import org.mutua.web.members.AdminView;
import org.mutua.web.view.FormErrors;
import org.mutua.web.view.HomeView;
import org.mutua.web.members.LoginView;
import org.mutua.web.members.MemberRow;
import org.mutua.web.notices.NoticeRow;
import org.mutua.web.members.ProfileView;
import org.mutua.web.members.SettingsView;
import org.mutua.web.members.SignupDoneView;
import org.mutua.web.members.SignupView;
import org.mutua.web.members.TokenRow;
import org.mutua.web.view.Times;

/** The members' HTML pages: home, sign-up, log-in, settings, profiles and the organisers' page. Forms only; no script. */
public final class MemberPages {
    private final MutuaConfig config;
    private final MemberService members;
    private final LoginService logins;
    private final WebPages pages;
    private final ClientKey clients;
    private final HomeNotices homeNotices;
    private final ApiTokenService tokens;

    /** What the neighbourhood's page (the home page) shows from the notices feature. */
    public interface HomeNotices {
        io.vertx.core.Future<List<NoticeRow>> latest(RoutingContext ctx);
    }

    public MemberPages(MutuaConfig config, MemberService members, LoginService logins, ApiTokenService tokens, WebPages pages,
                       ClientKey clients, HomeNotices homeNotices) {
        this.homeNotices = homeNotices;
        this.tokens = tokens;
        this.config = config;
        this.members = members;
        this.logins = logins;
        this.pages = pages;
        this.clients = clients;
    }

    public void mount(Router router) {
        router.get("/").handler(page(this::home));
        router.get("/signup").handler(page(this::signupForm));
        router.post("/signup").handler(page(this::signup));
        router.get("/signup/done").handler(page(ctx -> pages.render(ctx, 200, "title.signupDone",
            new SignupDoneView("true".equals(ctx.request().getParam("pending"))))));
        router.get("/login").handler(page(ctx -> pages.render(ctx, 200, "title.login", new LoginView(FormErrors.none(), false))));
        router.post("/login").handler(page(this::login));
        router.post("/logout").handler(page(this::logout));
        router.get("/settings").handler(page(this::settingsForm));
        router.post("/settings").handler(page(this::saveSettings));
        router.post("/settings/tokens/:id/revoke").handler(pages.forMember(me -> ctx -> revokeToken(ctx, me)));
        router.get("/u/:name").handler(page(this::profile));
        router.get("/g/:name").handler(ctx -> ctx.redirect("/"));
        router.get("/admin").handler(page(ctx -> admin(ctx, null)));
        router.post("/admin/members/:name/approve").handler(page(ctx -> decide(ctx, true)));
        router.post("/admin/members/:name/reject").handler(page(ctx -> decide(ctx, false)));
        router.post("/admin/invites").handler(page(this::invite));
    }

    /** Every page knows who is logged in before it renders. */
    private Handler<RoutingContext> page(Handler<RoutingContext> handler) {
        return ctx -> pages.loadMember(ctx).onSuccess(m -> handler.handle(ctx)).onFailure(ctx::fail);
    }

    private void home(RoutingContext ctx) {
        // One after the other: a request's database work must not run two queries at once.
        members.countActive().compose(n -> homeNotices.latest(ctx).map(notices -> new HomeView(config.nodeDescription(),
                config.registrationMode().name().toLowerCase(Locale.ROOT), pages.neighbourhoodHandle(), n, notices)))
            .onSuccess(view -> pages.render(ctx, 200, "title.home", view))
            .onFailure(ctx::fail);
    }

    private String mode() {
        return config.registrationMode().name().toLowerCase(Locale.ROOT);
    }

    private void signupForm(RoutingContext ctx) {
        pages.render(ctx, 200, "title.signup", new SignupView(mode(), ctx.request().getParam("invite"), FormErrors.none()));
    }

    private void signup(RoutingContext ctx) {
        MemberService.SignUp form = new MemberService.SignUp(field(ctx, "username"), field(ctx, "displayName"), field(ctx, "password"),
            field(ctx, "reason"), field(ctx, "invite"));
        members.signUp(form)
            .onSuccess(m -> pages.redirect(ctx, "/signup/done?pending=" + (m.status() == MemberStatus.PENDING), null))
            .onFailure(err -> refused(ctx, err, p -> {
                FormErrors errors = withProblem(FormErrors.none(), p, pages.messages(ctx))
                    .withValue("username", nullToEmpty(form.username())).withValue("displayName", nullToEmpty(form.displayName()))
                    .withValue("reason", nullToEmpty(form.reason()));
                pages.render(ctx, p.status(), "title.signup", new SignupView(mode(), form.inviteCode(), errors));
            }));
    }

    private void login(RoutingContext ctx) {
        String username = field(ctx, "username");
        logins.authenticate(username, field(ctx, "password"), clients.of(ctx))
            .compose(logins::startSession)
            .onSuccess(token -> {
                pages.cookies().set(ctx, Cookies.SESSION, token, LoginService.SESSION_LIFETIME.toSeconds());
                pages.redirect(ctx, "/", "notice.loggedIn");
            })
            .onFailure(err -> refused(ctx, err, p -> {
                FormErrors errors = withProblem(FormErrors.none(), p, pages.messages(ctx)).withValue("username", nullToEmpty(username));
                pages.render(ctx, p.status(), "title.login", new LoginView(errors, p.status() == 429));
            }));
    }

    private void logout(RoutingContext ctx) {
        logins.endSession(Cookies.get(ctx, Cookies.SESSION)).onComplete(x -> {
            pages.cookies().clear(ctx, Cookies.SESSION);
            pages.redirect(ctx, "/", "notice.loggedOut");
        });
    }

    private void settingsForm(RoutingContext ctx) {
        Optional<Member> me = pages.member(ctx);
        if (me.isEmpty()) {
            pages.redirect(ctx, "/login", null);
            return;
        }
        // One after the other: a request's database work must not run two queries at once.
        members.profile(me.get().username()).compose(p -> tokenRows(ctx, me.get()).map(rows -> {
            MemberProfile profile = p.orElseThrow();
            Member m = profile.member();
            return settings(profile.displayName(), profile.bio(), m.languages(), m.uiLanguage(), m.timeZone(), FormErrors.none(),
                ctx.request().getParam("saved") != null, rows);
        })).onSuccess(view -> pages.render(ctx, 200, "title.settings", view)).onFailure(ctx::fail);
    }

    private void saveSettings(RoutingContext ctx) {
        Optional<Member> me = pages.member(ctx);
        if (me.isEmpty()) {
            pages.redirect(ctx, "/login", null);
            return;
        }
        List<String> languages = ctx.request().formAttributes().getAll("languages");
        MemberService.ProfileChange change = new MemberService.ProfileChange(nullToEmpty(field(ctx, "displayName")),
            nullToEmpty(field(ctx, "bio")), languages, nullToEmpty(field(ctx, "uiLanguage")), nullToEmpty(field(ctx, "timeZone")));
        members.updateProfile(me.get(), change)
            .onSuccess(p -> pages.redirect(ctx, "/settings?saved=1", null))
            .onFailure(err -> refused(ctx, err, p -> tokenRows(ctx, me.get()).onFailure(ctx::fail).onSuccess(rows -> {
                FormErrors errors = withProblem(FormErrors.none(), p, pages.messages(ctx))
                    .withValue("displayName", change.displayName()).withValue("bio", change.bio());
                // A refused zone is not kept in the form: the choice falls back to what is stored.
                String zone = p.field() != null && p.field().equals("timeZone") ? me.get().timeZone() : change.timeZone();
                pages.render(ctx, p.status(), "title.settings", settings(change.displayName(), change.bio(), languages, change.uiLanguage(),
                    zone, errors, false, rows));
            })));
    }

    private SettingsView settings(String displayName, String bio, List<String> languages, String uiLanguage, String timeZone,
                                  FormErrors errors, boolean saved, List<TokenRow> rows) {
        return new SettingsView(displayName, bio, languages, uiLanguage, errors, saved, timeZone, config.timeZone().getId(),
            TimeZones.choices(), rows);
    }

    /** The member's live API tokens, by their public ids and times; never the tokens themselves. */
    private io.vertx.core.Future<List<TokenRow>> tokenRows(RoutingContext ctx, Member me) {
        Times times = pages.times(ctx);
        return tokens.list(me, null).map(list -> list.stream().map(r -> new TokenRow(r.token().publicId(),
            times.dateTime(r.token().createdAt()), r.token().createdAt().toString(),
            times.dateTime(r.token().expiresAt()), r.token().expiresAt().toString())).toList());
    }

    private void revokeToken(RoutingContext ctx, Member me) {
        tokens.revoke(me, ctx.pathParam("id"))
            .onSuccess(v -> pages.redirect(ctx, "/settings", "notice.tokenRevoked"))
            .onFailure(ctx::fail);
    }

    private void profile(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        members.profile(name).onSuccess(found -> {
            Optional<MemberProfile> visible = found.filter(p -> p.member().status() == MemberStatus.ACTIVE);
            if (visible.isEmpty()) {
                ctx.fail(Problem.notFound("error.notFound", "no member called '" + name + "'"));
                return;
            }
            MemberProfile p = visible.get();
            String joined = pages.times(ctx).longDate(p.member().createdAt());
            // Already escaped by ProfileText; cleaned again so the template's one unescaped value is safe on its own.
            String bioHtml = Jsoup.clean(org.mutua.server.actors.ActorSummary.html(p.bio()), Safelist.basic());
            pages.renderTitled(ctx, 200, p.displayName(), new ProfileView(p.member().username(),
                "@" + p.member().username() + "@" + config.domain(), p.displayName(), bioHtml, p.member().role().wire(), joined,
                config.baseUrl() + "/u/" + p.member().username()));
        }).onFailure(ctx::fail);
    }

    private void admin(RoutingContext ctx, String inviteUrl) {
        Optional<Member> me = coordinator(ctx);
        if (me.isEmpty()) {
            return;
        }
        // One after the other: a request's database work shares one session, which must not run two queries at once.
        members.list(Optional.empty(), 0, 1000).compose(everyone -> members.list(Optional.of(MemberStatus.PENDING), 0, 1000).map(pending -> {
            Times times = pages.times(ctx);
            return new AdminView(rows(everyone, times), rows(pending, times), inviteUrl);
        })).onSuccess(view -> pages.render(ctx, 200, "title.admin", view)).onFailure(ctx::fail);
    }

    private List<MemberRow> rows(Listing<MemberProfile> listing, Times times) {
        return listing.items().stream().map(p -> new MemberRow(p.member().username(), p.displayName(), p.member().role().wire(),
            p.member().status().wire(), times.date(p.member().createdAt()))).toList();
    }

    private void decide(RoutingContext ctx, boolean approve) {
        Optional<Member> me = coordinator(ctx);
        if (me.isEmpty()) {
            return;
        }
        String name = ctx.pathParam("name");
        (approve ? members.approve(me.get(), name) : members.reject(me.get(), name))
            .onSuccess(m -> pages.redirect(ctx, "/admin", (approve ? "notice.memberApproved:" : "notice.memberRejected:") + m.username()))
            .onFailure(ctx::fail);
    }

    private void invite(RoutingContext ctx) {
        Optional<Member> me = coordinator(ctx);
        if (me.isEmpty()) {
            return;
        }
        members.createInvite(me.get()).onSuccess(code -> admin(ctx, config.baseUrl() + "/signup?invite=" + code)).onFailure(ctx::fail);
    }

    /** Organiser pages: logged-out people are sent to log in, members without the role get 403. */
    private Optional<Member> coordinator(RoutingContext ctx) {
        Optional<Member> me = pages.member(ctx);
        if (me.isEmpty()) {
            pages.redirect(ctx, "/login", null);
            return Optional.empty();
        }
        if (!me.get().role().canCoordinate()) {
            ctx.fail(Problem.forbidden("error.forbidden", "this page is only for coordinators and admins"));
            return Optional.empty();
        }
        return me;
    }

    /** Service refusals re-render the form; anything else is the router's business. */
    private static void refused(RoutingContext ctx, Throwable err, java.util.function.Consumer<Problem> render) {
        if (err instanceof Problem p) {
            render.accept(p);
        } else {
            ctx.fail(err);
        }
    }

    private static FormErrors withProblem(FormErrors errors, Problem p, Messages msg) {
        String text = WebPages.text(msg, p);
        return p.field() == null ? errors.withGeneral(text) : errors.withError(p.field(), text);
    }

    private static String field(RoutingContext ctx, String name) {
        return ctx.request().getFormAttribute(name);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
