package org.mutua.server.notices;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.mutua.server.actors.Uris;
import org.mutua.server.http.JsonBodies;
import org.mutua.server.http.Responses;
import org.mutua.server.members.BearerAuth;
import org.mutua.server.problems.Problem;

/** Notices in the JSON API (described in openapi/mutua-v1.json). */
public final class NoticeApi {
    private static final String BASE = "/api/mutua/v1";

    private final NoticeService notices;
    private final BearerAuth auth;
    private final Uris uris;

    public NoticeApi(NoticeService notices, BearerAuth auth, Uris uris) {
        this.notices = notices;
        this.auth = auth;
        this.uris = uris;
    }

    public void mount(Router router) {
        router.post(BASE + "/notices").handler(this::publish);
        router.get(BASE + "/notices/:id").handler(this::read);
    }

    private void publish(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String content = JsonBodies.string(body, "content");
        String visibility = JsonBodies.string(body, "visibility");
        String as = JsonBodies.string(body, "as");
        if (as != null && !as.equals("member") && !as.equals("neighbourhood")) {
            throw Problem.invalid("as", "error.as.invalid", "as must be member or neighbourhood");
        }
        auth.member(ctx).compose(m -> notices.publish(m, content, visibility, "neighbourhood".equals(as)))
            .onSuccess(v -> Responses.json(ctx, 201, new JsonObject().put("id", v.notice().publicId()).put("uri", v.notice().uri())))
            .onFailure(ctx::fail);
    }

    private void read(RoutingContext ctx) {
        auth.member(ctx).compose(m -> notices.read(m, ctx.pathParam("id")))
            .onSuccess(v -> Responses.json(ctx, 200, new JsonObject()
                .put("id", v.notice().publicId())
                .put("author", uris.actor(v.author()))
                .put("content", v.notice().contentHtml())
                .put("language", v.notice().language())
                .put("visibility", v.notice().visibility().wire())
                .put("uri", v.notice().uri())
                .put("createdAt", v.notice().createdAt().toString())))
            .onFailure(ctx::fail);
    }
}
