package org.mutua.server.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.hibernate.reactive.mutiny.Mutiny;

/** Liveness ({@code /health}: the process answers) and readiness ({@code /health/ready}: the database answers too). */
public final class Health {
    private final Mutiny.SessionFactory factory;

    public Health(Mutiny.SessionFactory factory) {
        this.factory = factory;
    }

    public void mount(Router router) {
        router.get("/health").handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("status", "ok")));
        router.get("/health/ready").handler(ctx -> factory
            .withSession(s -> s.createNativeQuery("select 1", Integer.class).getSingleResult())
            .subscribe().with(
                one -> Responses.json(ctx, 200, new JsonObject().put("status", "ready").put("database", "ok")),
                err -> Responses.json(ctx, 503, new JsonObject().put("status", "unavailable").put("database", "unreachable"))));
    }
}
