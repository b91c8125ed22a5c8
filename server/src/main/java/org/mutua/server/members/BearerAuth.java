package org.mutua.server.members;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import org.mutua.server.problems.Problem;

/** The member a JSON API request acts for, from {@code Authorization: Bearer …}. */
public final class BearerAuth {
    private final ApiTokenService tokens;

    public BearerAuth(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    public Future<Member> member(RoutingContext ctx) {
        String token = token(ctx);
        if (token == null) {
            return Future.failedFuture(Problem.unauthorized("error.token.missing",
                "send Authorization: Bearer <token>; get a token from POST /api/mutua/v1/tokens"));
        }
        return tokens.authenticate(token);
    }

    public static String token(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
