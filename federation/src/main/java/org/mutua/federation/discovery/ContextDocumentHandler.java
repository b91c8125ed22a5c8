package org.mutua.federation.discovery;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.mutua.federation.jsonld.MutuaContext;

/** Serves the bundled Mutua context at {@link MutuaContext#PATH}; a breaking change is a new -v2 file, so immutable. */
public final class ContextDocumentHandler implements Handler<RoutingContext> {
    private final Buffer body = Buffer.buffer(MutuaContext.documentText());

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/ld+json; charset=utf-8")
            .putHeader("Cache-Control", "public, max-age=31536000, immutable")
            .putHeader("Access-Control-Allow-Origin", "*").end(body);
    }
}
