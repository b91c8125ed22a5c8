package org.mutua.server.members;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.mutua.federation.inbox.InboundStates;
import org.mutua.server.http.Responses;
import org.mutua.server.problems.Problem;

/**
 * Admins see the inbound job queue: jobs by state and outcome, and how long the oldest one has waited (issue 15: a
 * job put back to retry must be visible, as a failing delivery is in {@link AdminHostsApi}).
 */
public final class AdminInboundApi {
    private static final String PATH = "/api/mutua/v1/admin/inbound";

    private final InboundStates inbound;
    private final BearerAuth auth;

    public AdminInboundApi(InboundStates inbound, BearerAuth auth) {
        this.inbound = inbound;
        this.auth = auth;
    }

    public void mount(Router router) {
        router.get(PATH).handler(ctx -> admin(ctx)
            .compose(m -> inbound.counts())
            .onSuccess(counts -> Responses.json(ctx, 200, counts))
            .onFailure(ctx::fail));
    }

    private Future<Member> admin(io.vertx.ext.web.RoutingContext ctx) {
        return auth.member(ctx).compose(m -> m.role() == MemberRole.ADMIN ? Future.succeededFuture(m)
            : Future.failedFuture(Problem.forbidden("error.forbidden", "only admins see the inbound queue")));
    }
}
