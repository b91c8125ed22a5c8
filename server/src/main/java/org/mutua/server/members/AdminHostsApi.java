package org.mutua.server.members;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.mutua.federation.delivery.HostStates;
import org.mutua.server.http.Responses;
import org.mutua.server.problems.Problem;

/** Admins see which remote hosts fail deliveries, and can mark one available again (FEDERATION.md 5). */
public final class AdminHostsApi {
    private static final String BASE = "/api/mutua/v1/admin/hosts";

    private final HostStates hosts;
    private final BearerAuth auth;

    public AdminHostsApi(HostStates hosts, BearerAuth auth) {
        this.hosts = hosts;
        this.auth = auth;
    }

    public void mount(Router router) {
        router.get(BASE).handler(ctx -> admin(ctx)
            .compose(m -> hosts.troubled())
            .onSuccess(list -> Responses.json(ctx, 200, new JsonObject().put("totalItems", list.size()).put("items", list).put("next", null)))
            .onFailure(ctx::fail));
        router.post(BASE + "/:host/reset").handler(ctx -> admin(ctx)
            .compose(m -> hosts.reset(ctx.pathParam("host")))
            .onSuccess(known -> {
                if (known) {
                    ctx.response().setStatusCode(204).end();
                } else {
                    ctx.fail(Problem.notFound("error.notFound", "no delivery record for that host"));
                }
            })
            .onFailure(ctx::fail));
    }

    private Future<Member> admin(io.vertx.ext.web.RoutingContext ctx) {
        return auth.member(ctx).compose(m -> m.role() == MemberRole.ADMIN ? Future.succeededFuture(m)
            : Future.failedFuture(Problem.forbidden("error.forbidden", "only admins see delivery health")));
    }
}
