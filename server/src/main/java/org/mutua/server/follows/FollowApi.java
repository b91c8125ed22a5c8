package org.mutua.server.follows;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.mutua.config.MutuaConfig;
import org.mutua.server.actors.ActorService;
import org.mutua.server.actors.Uris;
import org.mutua.server.http.JsonBodies;
import org.mutua.server.http.ListPage;
import org.mutua.server.http.Responses;
import org.mutua.server.members.BearerAuth;
import org.mutua.server.members.Member;
import org.mutua.server.problems.Problem;

/** Follows in the JSON API (described in openapi/mutua-v1.json). */
public final class FollowApi {
    private static final String BASE = "/api/mutua/v1";

    private final MutuaConfig config;
    private final FollowService follows;
    private final ActorService actors;
    private final BearerAuth auth;
    private final Uris uris;

    public FollowApi(MutuaConfig config, FollowService follows, ActorService actors, BearerAuth auth, Uris uris) {
        this.config = config;
        this.follows = follows;
        this.actors = actors;
        this.auth = auth;
        this.uris = uris;
    }

    public void mount(Router router) {
        router.post(BASE + "/follows").handler(this::follow);
        router.get(BASE + "/follows").handler(this::following);
        router.delete(BASE + "/follows/:id").handler(this::unfollow);
        router.get(BASE + "/followers").handler(this::followers);
        router.delete(BASE + "/followers/:id").handler(this::removeFollower);
        router.get(BASE + "/follow-requests").handler(this::requests);
        router.post(BASE + "/follow-requests/:id/accept").handler(ctx -> decide(ctx, true));
        router.post(BASE + "/follow-requests/:id/reject").handler(ctx -> decide(ctx, false));
    }

    private void follow(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String target = JsonBodies.string(body, "target");
        if (target == null || target.isBlank()) {
            throw Problem.invalid("target", "error.target.invalid", "target is required: a handle such as user@example.org or an actor URL");
        }
        auth.member(ctx).compose(m -> follows.follow(m, target))
            .onSuccess(v -> Responses.json(ctx, 201, describe(v)))
            .onFailure(ctx::fail);
    }

    private void following(RoutingContext ctx) {
        ListPage page = ListPage.of(ctx);
        auth.member(ctx).compose(m -> follows.followingOf(m.actorId(), page.offset(), page.limit()))
            .onSuccess(l -> Responses.json(ctx, 200, page.render(config.baseUrl(), ctx, l.total(), l.items(), this::describe)))
            .onFailure(ctx::fail);
    }

    private void unfollow(RoutingContext ctx) {
        auth.member(ctx).compose(m -> follows.unfollow(m, ctx.pathParam("id")))
            .onSuccess(v -> ctx.response().setStatusCode(204).end())
            .onFailure(ctx::fail);
    }

    private void removeFollower(RoutingContext ctx) {
        auth.member(ctx).compose(m -> follows.removeFollower(m, ctx.pathParam("id")))
            .onSuccess(v -> ctx.response().setStatusCode(204).end())
            .onFailure(ctx::fail);
    }

    private void followers(RoutingContext ctx) {
        ListPage page = ListPage.of(ctx);
        String of = ctx.request().getParam("of");
        auth.member(ctx).compose(m -> {
            if (of == null || of.isEmpty() || of.equals("me")) {
                return follows.followersOf(m.actorId(), page.offset(), page.limit());
            }
            if (!of.equals("neighbourhood")) {
                return Future.failedFuture(Problem.invalid("of", "error.of.invalid", "of must be me or neighbourhood"));
            }
            return actors.visible(config.neighbourhoodUsername())
                .compose(hood -> follows.followersOf(hood.orElseThrow().id(), page.offset(), page.limit()));
        })
            .onSuccess(l -> Responses.json(ctx, 200, page.render(config.baseUrl(), ctx, l.total(), l.items(), this::describe)))
            .onFailure(ctx::fail);
    }

    private void requests(RoutingContext ctx) {
        ListPage page = ListPage.of(ctx);
        auth.member(ctx).compose(m -> follows.requestsFor(m, page.offset(), page.limit()))
            .onSuccess(l -> Responses.json(ctx, 200, page.render(config.baseUrl(), ctx, l.total(), l.items(), this::describe)))
            .onFailure(ctx::fail);
    }

    private void decide(RoutingContext ctx, boolean accept) {
        auth.member(ctx).compose(m -> follows.decide(m, ctx.pathParam("id"), accept))
            .onSuccess(v -> Responses.json(ctx, 200, describe(v)))
            .onFailure(ctx::fail);
    }

    /** id, state, and for requests: actor = the follower, object = which of our actors is followed. */
    private JsonObject describe(FollowService.FollowView v) {
        if (v.remote() == null) {
            // Between two members: actor follows object; the handle is the other member's, as for a remote actor.
            String me = uris.actor(v.local());
            String neighbour = uris.actor(v.neighbour());
            return new JsonObject()
                .put("id", v.follow().publicId())
                .put("state", v.follow().state().name().toLowerCase())
                .put("actor", v.localFollows() ? me : neighbour)
                .put("object", v.localFollows() ? neighbour : me)
                .put("handle", v.neighbour().username() + "@" + config.domain())
                .put("createdAt", v.follow().createdAt().toString());
        }
        boolean inbound = v.follow().direction() == Follow.Direction.INBOUND;
        String local = uris.actor(v.local());
        return new JsonObject()
            .put("id", v.follow().publicId())
            .put("state", v.follow().state().name().toLowerCase())
            .put("actor", inbound ? v.remote().uri() : local)
            .put("object", inbound ? local : v.remote().uri())
            .put("handle", v.remote().handle())
            .put("createdAt", v.follow().createdAt().toString());
    }
}
