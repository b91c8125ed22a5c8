package org.mutua.server.notices;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.mutua.config.MutuaConfig;
import org.mutua.federation.ActivityPubMediaTypes;
import org.mutua.federation.inbox.RequestAuthenticator;
import org.mutua.server.http.Responses;
import org.mutua.server.problems.Problem;

/**
 * {@code GET /o/:id} as ActivityPub JSON (FEDERATION.md 7): public to anyone (signed when authorized fetch is on),
 * followers-only to a signed GET from an accepted follower of the author, local-only never; everything else 404.
 */
public final class NoticeRoutes {
    private final MutuaConfig config;
    private final NoticeService notices;
    private final RequestAuthenticator authenticator;

    public NoticeRoutes(MutuaConfig config, NoticeService notices, RequestAuthenticator authenticator) {
        this.config = config;
        this.notices = notices;
        this.authenticator = authenticator;
    }

    public void mount(Router router) {
        router.get("/o/:id").handler(this::object);
    }

    private void object(RoutingContext ctx) {
        ctx.response().putHeader("Vary", "Accept");
        if (!ActivityPubMediaTypes.wantsActivityJson(ctx.request().getHeader("Accept"))) {
            ctx.next();
            return;
        }
        authenticator.optionalSigner(ctx).onFailure(ctx::fail).onSuccess(key -> {
            if (key.isEmpty() && config.authorizedFetch()) {
                ctx.fail(Problem.unauthorized("error.signature", "sign this GET (authorized fetch)"));
                return;
            }
            Problem missing = Problem.notFound("error.notFound", "no such object");
            notices.find(ctx.pathParam("id")).compose(found -> {
                if (found.isEmpty()) {
                    return Future.failedFuture(missing);
                }
                NoticeService.NoticeView view = found.get();
                return switch (view.notice().visibility()) {
                    case LOCAL -> Future.failedFuture(missing);
                    case PUBLIC -> Future.succeededFuture(view);
                    case FOLLOWERS -> key.isEmpty() ? Future.failedFuture(missing)
                        : notices.isAcceptedFollower(view.author().id(), key.get().ownerActorId())
                            .compose(ok -> ok ? Future.succeededFuture(view) : Future.failedFuture(missing));
                };
            }).onSuccess(view -> Responses.json(ctx, 200, notices.note(view.notice(), view.author()), ActivityPubMediaTypes.ACTIVITY_JSON))
                .onFailure(ctx::fail);
        });
    }
}
