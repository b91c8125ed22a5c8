package org.mutua.server.members;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.mutua.config.MutuaConfig;
import org.mutua.server.http.ClientKey;
import org.mutua.server.http.JsonBodies;
import org.mutua.server.http.ListPage;
import org.mutua.server.http.Responses;
import org.mutua.server.problems.Problem;

/** The members part of the JSON API under /api/mutua/v1 (described in src/main/resources/openapi/mutua-v1.json). */
public final class MemberApi {
    private static final String BASE = "/api/mutua/v1";

    private final MutuaConfig config;
    private final MemberService members;
    private final OrganiserService organisers;
    private final LoginService logins;
    private final ApiTokenService tokens;
    private final BearerAuth auth;
    private final ClientKey clients;

    public MemberApi(MutuaConfig config, MemberService members, OrganiserService organisers, LoginService logins, ApiTokenService tokens,
                     ClientKey clients) {
        this.config = config;
        this.members = members;
        this.organisers = organisers;
        this.logins = logins;
        this.tokens = tokens;
        this.auth = new BearerAuth(tokens);
        this.clients = clients;
    }

    public void mount(Router router) {
        router.post(BASE + "/tokens").handler(this::createToken);
        router.get(BASE + "/tokens").handler(this::listTokens);
        router.delete(BASE + "/tokens/current").handler(this::revokeToken);
        router.delete(BASE + "/tokens/:id").handler(this::revokeTokenById);
        router.get(BASE + "/me").handler(this::me);
        router.patch(BASE + "/me").handler(this::updateMe);
        router.post(BASE + "/members").handler(this::signUp);
        router.get(BASE + "/members").handler(this::list);
        router.post(BASE + "/members/:id/approve").handler(ctx -> decide(ctx, true));
        router.post(BASE + "/members/:id/reject").handler(ctx -> decide(ctx, false));
        router.post(BASE + "/invites").handler(this::invite);
        router.post(BASE + "/members/:id/password-link").handler(this::passwordLink);
        router.post(BASE + "/members/:id/suspend").handler(ctx -> organise(ctx, (c, name) -> organisers.suspend(c, name)));
        router.post(BASE + "/members/:id/restore").handler(ctx -> organise(ctx, (c, name) -> organisers.restore(c, name)));
        router.post(BASE + "/members/:id/role").handler(this::changeRole);
    }

    private void passwordLink(RoutingContext ctx) {
        coordinator(ctx).compose(c -> target(ctx).compose(t -> organisers.createPasswordLink(c, t.username())))
            .onSuccess(link -> {
                ctx.response().putHeader("Cache-Control", "no-store");
                Responses.json(ctx, 201, new JsonObject().put("url", link.url()).put("expiresAt", link.expiresAt().toString()));
            })
            .onFailure(ctx::fail);
    }

    private void changeRole(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String raw = JsonBodies.string(body, "role");
        organise(ctx, (c, name) -> MemberRole.parse(raw)
            .map(role -> organisers.changeRole(c, name, role))
            .orElseGet(() -> Future.failedFuture(Problem.invalid("role", "error.role", "role must be member, coordinator or admin"))));
    }

    /** A coordinator's change to the member in the path; answers the member as it is afterwards. */
    private void organise(RoutingContext ctx, java.util.function.BiFunction<Member, String, Future<Member>> change) {
        coordinator(ctx).compose(c -> target(ctx).compose(t -> change.apply(c, t.username())))
            .compose(m -> members.profile(m.username()))
            .onSuccess(p -> Responses.json(ctx, 200, describe(p.orElseThrow(), true)))
            .onFailure(ctx::fail);
    }

    private Future<Member> target(RoutingContext ctx) {
        String publicId = ctx.pathParam("id");
        return members.byPublicId(publicId).compose(t -> t.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(Problem.notFound("error.notFound", "no member with id " + publicId))));
    }

    private void createToken(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        logins.authenticate(JsonBodies.string(body, "username"), JsonBodies.string(body, "password"), clients.of(ctx))
            .compose(tokens::issue)
            .onSuccess(token -> Responses.json(ctx, 201, new JsonObject().put("token", token).put("type", "Bearer")))
            .onFailure(ctx::fail);
    }

    private void revokeToken(RoutingContext ctx) {
        auth.member(ctx).compose(m -> tokens.revoke(BearerAuth.token(ctx)))
            .onSuccess(v -> ctx.response().setStatusCode(204).end())
            .onFailure(ctx::fail);
    }

    private void listTokens(RoutingContext ctx) {
        auth.member(ctx).compose(m -> tokens.list(m, BearerAuth.token(ctx)))
            .onSuccess(rows -> Responses.json(ctx, 200, new JsonObject().put("items", new JsonArray(rows.stream()
                .map(r -> new JsonObject().put("id", r.token().publicId()).put("createdAt", r.token().createdAt().toString())
                    .put("expiresAt", r.token().expiresAt().toString()).put("current", r.current()))
                .toList()))))
            .onFailure(ctx::fail);
    }

    private void revokeTokenById(RoutingContext ctx) {
        auth.member(ctx).compose(m -> tokens.revoke(m, ctx.pathParam("id")))
            .onSuccess(v -> ctx.response().setStatusCode(204).end())
            .onFailure(ctx::fail);
    }

    private void me(RoutingContext ctx) {
        auth.member(ctx).compose(m -> members.profile(m.username()))
            .onSuccess(p -> Responses.json(ctx, 200, describe(p.orElseThrow(), true)))
            .onFailure(ctx::fail);
    }

    private void updateMe(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        MemberService.ProfileChange change = new MemberService.ProfileChange(JsonBodies.string(body, "displayName"),
            JsonBodies.string(body, "bio"), JsonBodies.strings(body, "languages"), JsonBodies.string(body, "uiLanguage"),
            JsonBodies.string(body, "timeZone"));
        auth.member(ctx).compose(m -> members.updateProfile(m, change))
            .onSuccess(p -> Responses.json(ctx, 200, describe(p, true)))
            .onFailure(ctx::fail);
    }

    private void signUp(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        MemberService.SignUp form = new MemberService.SignUp(JsonBodies.string(body, "username"), JsonBodies.string(body, "displayName"),
            JsonBodies.string(body, "password"), JsonBodies.string(body, "reason"), JsonBodies.string(body, "invite"));
        members.signUp(form, clients.of(ctx)).compose(m -> members.profile(m.username()))
            .onSuccess(p -> Responses.json(ctx, 201, describe(p.orElseThrow(), false)))
            .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        ListPage page = ListPage.of(ctx);
        Optional<MemberStatus> status = statusFilter(ctx.request().getParam("status"));
        coordinator(ctx).compose(m -> members.list(status, page.offset(), page.limit()))
            .onSuccess(l -> Responses.json(ctx, 200, page.render(config.baseUrl(), ctx, l.total(), l.items(), p -> describe(p, true))))
            .onFailure(ctx::fail);
    }

    private void decide(RoutingContext ctx, boolean approve) {
        String publicId = ctx.pathParam("id");
        coordinator(ctx).compose(c -> members.byPublicId(publicId).compose(target -> {
                if (target.isEmpty()) {
                    return Future.failedFuture(Problem.notFound("error.notFound", "no member with id " + publicId));
                }
                return approve ? members.approve(c, target.get().username()) : members.reject(c, target.get().username());
            }))
            .compose(m -> members.profile(m.username()))
            .onSuccess(p -> Responses.json(ctx, 200, describe(p.orElseThrow(), true)))
            .onFailure(ctx::fail);
    }

    private void invite(RoutingContext ctx) {
        coordinator(ctx).compose(members::createInvite)
            .onSuccess(code -> Responses.json(ctx, 201, new JsonObject().put("code", code).put("url", config.baseUrl() + "/signup?invite=" + code)))
            .onFailure(ctx::fail);
    }

    private Future<Member> coordinator(RoutingContext ctx) {
        return auth.member(ctx).compose(m -> m.role().canCoordinate() ? Future.succeededFuture(m)
            : Future.failedFuture(Problem.forbidden("error.forbidden", "only coordinators and admins may do this")));
    }

    private static Optional<MemberStatus> statusFilter(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        for (MemberStatus s : MemberStatus.values()) {
            if (s.wire().equals(raw)) {
                return Optional.of(s);
            }
        }
        throw Problem.invalid("status", "error.status.invalid", "status must be pending, active, rejected or suspended");
    }

    private JsonObject describe(MemberProfile p, boolean privateFields) {
        Member m = p.member();
        JsonObject o = new JsonObject()
            .put("id", m.publicId())
            .put("username", m.username())
            .put("handle", "@" + m.username() + "@" + config.domain())
            .put("actor", config.baseUrl() + "/u/" + m.username())
            .put("displayName", p.displayName())
            .put("bio", p.bio())
            .put("role", m.role().wire())
            .put("status", m.status().wire())
            .put("createdAt", m.createdAt().toString());
        if (privateFields) {
            o.put("languages", new JsonArray(m.languages())).put("uiLanguage", m.uiLanguage()).put("timeZone", m.timeZone());
        }
        return o;
    }
}
