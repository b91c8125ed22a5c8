package org.mutua.server.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.mutua.federation.inbox.RequestAuthenticator;
import org.mutua.federation.inbox.SignerKey;
import org.mutua.server.problems.Problem;

/**
 * Authorized fetch (FEDERATION.md 2) for ActivityPub GETs: the verified signer, or empty for an unsigned GET when the
 * node serves those; with {@code authorized-fetch} on, an unsigned GET fails with 401, as Mastodon's secure mode.
 */
public final class AuthorizedFetch {
    private final RequestAuthenticator authenticator;
    private final boolean required;

    public AuthorizedFetch(RequestAuthenticator authenticator, boolean required) {
        this.authenticator = authenticator;
        this.required = required;
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AuthorizedFetch.class);

    public Future<Optional<SignerKey>> signer(RoutingContext ctx) {
        return authenticator.optionalSigner(ctx)
            // A refused signed GET is as worth a line as a refused inbox POST: the peer sees only the 401.
            .onFailure(err -> LOG.info("signed GET refused on {}: {}", ctx.normalizedPath(), err.getMessage()))
            .compose(key -> key.isEmpty() && required
            ? Future.failedFuture(Problem.unauthorized("error.signature", "sign this GET (authorized fetch)"))
            : Future.succeededFuture(key));
    }
}
