package org.mutua.server.members;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;
import org.mutua.config.MutuaConfig;
import org.mutua.server.http.ClientKey;
import org.mutua.server.http.Cookies;
import org.mutua.server.http.ErrorResponses;
import org.mutua.server.members.WebPages;
import org.mutua.server.problems.Problem;
import org.mutua.web.Messages;
import org.mutua.web.members.AdminView;
import org.mutua.web.view.FormErrors;
import org.mutua.web.view.HomeView;
import org.mutua.web.members.LoginView;
import org.mutua.web.members.MemberRow;
import org.mutua.web.members.PasswordLinkView;
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
    private final OrganiserService organisers;
    private final LoginService logins;
    private final WebPages pages;
    private final ClientKey clients;
    private final HomeNotices homeNotices;
    private final ProfileFollow profileFollow;

    /** The viewer's follow of a member, for the Follow button on her profile (the follows feature's answer). */
    public interface ProfileFollow {
        Future<ProfileView.FollowButton> of(Member viewer, Long actorId);
    }
    private final ApiTokenService tokens;

    /** What the neighbourhood's page (the home page) shows from the notices feature. */
    public interface HomeNotices {
        io.vertx.core.Future<List<NoticeRow>> latest(RoutingContext ctx);
    }

    public MemberPages(MutuaConfig config, MemberService members, OrganiserService organisers, LoginService logins, ApiTokenService tokens, WebPages pages,
                       ClientKey clients) {
        this(config, members, organisers, logins, tokens, pages, clients, ctx -> io.vertx.core.Future.succeededFuture(List.of()),
            (viewer, actorId) -> Future.succeededFuture(null));
    }

    public MemberPages(MutuaConfig config, MemberService members, OrganiserService organisers, LoginService logins, ApiTokenService tokens, WebPages pages,
                       ClientKey clients, HomeNotices homeNotices,
                       ProfileFollow profileFollow) {
        this.homeNotices = homeNotices;
        this.profileFollow = profileFollow;
        this.tokens = tokens;
        this.config = config;
        this.members = members;
        this.organisers = organisers;
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
        router.get("/login").handler(page(ctx -> pages.render(ctx, 200, "title.login", new LoginView(FormErrors.none(), 0))));
        router.post("/login").handler(page(this::login));
        router.post("/logout").handler(page(this::logout));
        router.get("/settings").handler(page(this::settingsForm));
        router.post("/settings").handler(page(this::saveSettings));
        router.post("/settings/tokens/:id/revoke").handler(pages.forMember(me -> ctx -> revokeToken(ctx, me)));
        router.get("/u/:name").handler(page(this::profile));
        router.get("/g/:name").handler(ctx -> ctx.redirect("/"));
        router.get("/admin").handler(page(ctx -> admin(ctx, null, null)));
        router.post("/admin/members/:name/approve").handler(page(ctx -> decide(ctx, true)));
        router.post("/admin/members/:name/reject").handler(page(ctx -> decide(ctx, false)));
        router.post("/admin/invites").handler(page(this::invite));
        router.post("/admin/members/:name/password-link").handler(page(this::passwordLink));
        router.post("/admin/members/:name/suspend").handler(page(ctx -> organise(ctx, "notice.memberSuspended:",
            (me, name) -> organisers.suspend(me, name))));
        router.post("/admin/members/:name/restore").handler(page(ctx -> organise(ctx, "notice.memberRestored:",
            (me, name) -> organisers.restore(me, name))));
        router.post("/admin/members/:name/role").handler(page(ctx -> organise(ctx, "notice.roleChanged:",
            (me, name) -> organisers.changeRole(me, name, MemberRole.parse(field(ctx, "role")).orElseThrow(
                () -> Problem.invalid("role", "error.role", "role must be member, coordinator or admin"))))));
        router.get("/password-link").handler(page(this::passwordLinkForm));
        router.post("/password-link").handler(page(this::usePasswordLink));
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
        pages.render(ctx, 200, "title.signup", new SignupView(mode(), ctx.request().getParam("invite"), FormErrors.none(), UsernamePolicy.FORM_PATTERN));
    }

    private void signup(RoutingContext ctx) {
        MemberService.SignUp form = new MemberService.SignUp(field(ctx, "username"), field(ctx, "displayName"), field(ctx, "password"),
            field(ctx, "reason"), field(ctx, "invite"));
        members.signUp(form, clients.of(ctx))
            .onSuccess(m -> pages.redirect(ctx, "/signup/done?pending=" + (m.status() == MemberStatus.PENDING), null))
            .onFailure(err -> refused(ctx, err, p -> {
                FormErrors errors = withProblem(FormErrors.none(), p, pages.messages(ctx))
                    .withValue("username", nullToEmpty(form.username())).withValue("displayName", nullToEmpty(form.displayName()))
                    .withValue("reason", nullToEmpty(form.reason()));
                pages.render(ctx, p.status(), "title.signup", new SignupView(mode(), form.inviteCode(), errors, UsernamePolicy.FORM_PATTERN));
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
                long wait = p.retryAfter().map(d -> Long.parseLong(ErrorResponses.seconds(d))).orElse(0L);
                pages.render(ctx, p.status(), "title.login", new LoginView(errors, wait));
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
        Optional<Member> me = pages.member(ctx);
        members.profile(name).compose(found -> {
            Optional<MemberProfile> visible = found.filter(p -> p.member().status() == MemberStatus.ACTIVE);
            if (visible.isEmpty()) {
                return Future.failedFuture(Problem.notFound("error.notFound", "no member called '" + name + "'"));
            }
            MemberProfile p = visible.get();
            // A Follow button for a neighbour who is logged in; none on one's own profile or for a visitor.
            if (me.isEmpty() || me.get().id().equals(p.member().id())) {
                return Future.succeededFuture(Map.entry(p, Optional.<ProfileView.FollowButton>empty()));
            }
            return profileFollow.of(me.get(), p.member().actorId()).map(b -> Map.entry(p, Optional.ofNullable(b)));
        }).onSuccess(entry -> {
            MemberProfile p = entry.getKey();
            String joined = pages.times(ctx).longDate(p.member().createdAt());
            // Already escaped by ProfileText; cleaned again so the template's one unescaped value is safe on its own.
            String bioHtml = Jsoup.clean(org.mutua.server.actors.ActorSummary.html(p.bio()), Safelist.basic());
            pages.renderTitled(ctx, 200, p.displayName(), new ProfileView(p.member().username(),
                "@" + p.member().username() + "@" + config.domain(), p.displayName(), bioHtml, p.member().role().wire(), joined,
                config.baseUrl() + "/u/" + p.member().username(), entry.getValue().orElse(null)));
        }).onFailure(ctx::fail);
    }

    private void admin(RoutingContext ctx, String inviteUrl, AdminView.PasswordLinkShown passwordLink) {
        Optional<Member> me = coordinator(ctx);
        if (me.isEmpty()) {
            return;
        }
        // One after the other: a request's database work shares one session, which must not run two queries at once.
        members.list(Optional.empty(), 0, 1000).compose(everyone -> members.list(Optional.of(MemberStatus.PENDING), 0, 1000).map(pending -> {
            Times times = pages.times(ctx);
            List<MemberRow> cards = everyone.items().stream().filter(p -> p.member().status() != MemberStatus.PENDING)
                .map(p -> row(p, times, actions(me.get(), p.member()))).toList();
            return new AdminView(cards, rows(pending, times), inviteUrl, passwordLink);
        })).onSuccess(view -> pages.render(ctx, 200, "title.admin", view)).onFailure(ctx::fail);
    }

    private List<MemberRow> rows(Listing<MemberProfile> listing, Times times) {
        return listing.items().stream().map(p -> row(p, times, MemberRow.Actions.NONE)).toList();
    }

    private static MemberRow row(MemberProfile p, Times times, MemberRow.Actions actions) {
        return new MemberRow(p.member().username(), p.displayName(), p.member().role().wire(),
            p.member().status().wire(), times.date(p.member().createdAt()), actions);
    }

    /** Which buttons an organiser sees on a member's card; OrganiserService decides again when they are used. */
    private static MemberRow.Actions actions(Member me, Member target) {
        if (!target.role().atMost(me.role())) {
            return MemberRow.Actions.NONE;
        }
        boolean active = target.status() == MemberStatus.ACTIVE;
        boolean self = target.id().equals(me.id());
        List<String> roles = active || target.status() == MemberStatus.SUSPENDED
            ? java.util.Arrays.stream(MemberRole.values()).filter(r -> r.atMost(me.role())).map(MemberRole::wire).toList() : List.of();
        return new MemberRow.Actions(active && !self, active && !self, target.status() == MemberStatus.SUSPENDED, roles);
    }

    /** An organiser's change to one member's account, then back to the page with what happened. */
    private void organise(RoutingContext ctx, String notice, java.util.function.BiFunction<Member, String, io.vertx.core.Future<Member>> change) {
        Optional<Member> me = coordinator(ctx);
        if (me.isEmpty()) {
            return;
        }
        io.vertx.core.Future.<Void>succeededFuture().compose(v -> change.apply(me.get(), ctx.pathParam("name")))
            .onSuccess(m -> pages.redirect(ctx, "/admin#member-" + m.username(), notice + m.username()))
            .onFailure(ctx::fail);
    }

    /** The link is shown on the page once (never put in the notice cookie or a log). */
    private void passwordLink(RoutingContext ctx) {
        Optional<Member> me = coordinator(ctx);
        if (me.isEmpty()) {
            return;
        }
        String name = ctx.pathParam("name");
        organisers.createPasswordLink(me.get(), name).compose(link -> members.profile(link.username()).map(p -> {
            String until = pages.times(ctx).dateTime(link.expiresAt());
            return new AdminView.PasswordLinkShown(p.map(MemberProfile::displayName).orElse(link.username()), link.url(), until);
        })).onSuccess(shown -> {
            ctx.response().putHeader("Cache-Control", "no-store");
            admin(ctx, null, shown);
        }).onFailure(ctx::fail);
    }

    private void passwordLinkForm(RoutingContext ctx) {
        String key = ctx.request().getParam("key");
        ctx.response().putHeader("Cache-Control", "no-store");
        organisers.passwordLinkOwner(key)
            .onSuccess(username -> pages.render(ctx, 200, "title.passwordLink", new PasswordLinkView(key, username, FormErrors.none())))
            .onFailure(err -> refused(ctx, err, p -> pages.render(ctx, p.status(), "title.passwordLink", new PasswordLinkView(null, null, FormErrors.none()))));
    }

    private void usePasswordLink(RoutingContext ctx) {
        String key = field(ctx, "key");
        ctx.response().putHeader("Cache-Control", "no-store");
        organisers.usePasswordLink(key, field(ctx, "password"))
            .onSuccess(m -> {
                // Whoever used the link is not logged in as anyone; they log in with the new password.
                pages.cookies().clear(ctx, Cookies.SESSION);
                pages.redirect(ctx, "/login", "notice.passwordChanged");
            })
            .onFailure(err -> refused(ctx, err, p -> {
                if ("error.passwordLink.invalid".equals(p.code())) {
                    pages.render(ctx, p.status(), "title.passwordLink", new PasswordLinkView(null, null, FormErrors.none()));
                    return;
                }
                organisers.passwordLinkOwner(key).onComplete(owner -> pages.render(ctx, p.status(), "title.passwordLink",
                    new PasswordLinkView(key, owner.result(), withProblem(FormErrors.none(), p, pages.messages(ctx)))));
            }));
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
        members.createInvite(me.get()).onSuccess(code -> admin(ctx, config.baseUrl() + "/signup?invite=" + code, null)).onFailure(ctx::fail);
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
            p.retryAfter().ifPresent(wait -> ctx.response().putHeader("Retry-After", ErrorResponses.seconds(wait)));
            render.accept(p);
        } else {
            ctx.fail(err);
        }
    }

    /** Every problem of a refusal, each at its field, so a person fixes them all in one go. */
    private static FormErrors withProblem(FormErrors errors, Problem problem, Messages msg) {
        FormErrors all = errors;
        for (Problem p : problem.each()) {
            String text = WebPages.text(msg, p);
            all = p.field() == null ? all.withGeneral(text) : all.withError(p.field(), text);
        }
        return all;
    }

    private static String field(RoutingContext ctx, String name) {
        return ctx.request().getFormAttribute(name);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
