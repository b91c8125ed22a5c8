package org.mutua.federation.discovery;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import org.mutua.federation.ActivityPubMediaTypes;
import org.mutua.federation.NodeIdentity;

/**
 * {@code GET /.well-known/webfinger} per FEDERATION.md §1.2 (Mastodon
 * app/controllers/well_known/webfinger_controller.rb): unsigned, CORS-open, {@code application/jrd+json}.
 */
public final class WebFingerHandler implements Handler<RoutingContext> {
    public static final String PATH = "/.well-known/webfinger";
    private static final String PROFILE_PAGE = "http://webfinger.net/rel/profile-page";

    private final NodeIdentity identity;
    private final ActorDirectory directory;

    public WebFingerHandler(NodeIdentity identity, ActorDirectory directory) {
        this.identity = identity;
        this.directory = directory;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response().putHeader("Access-Control-Allow-Origin", "*").putHeader("Vary", "Accept");
        List<String> resources = ctx.queryParam("resource");
        if (resources.size() > 1) {
            JsonErrors.send(ctx, 400, "give exactly one resource parameter");
            return;
        }
        WebFingerQuery query = WebFingerQuery.parse(resources.isEmpty() ? null : resources.get(0),
            identity.domain(), identity.hostname(), identity.baseUrl());
        Future<Optional<DiscoverableActor>> found;
        if (query instanceof WebFingerQuery.Malformed m) {
            JsonErrors.send(ctx, 400, m.reason());
            return;
        } else if (query instanceof WebFingerQuery.NotHere n) {
            JsonErrors.send(ctx, 404, n.reason());
            return;
        } else if (query instanceof WebFingerQuery.ByUsername u) {
            found = directory.findByUsername(u.username());
        } else {
            String actorId = ((WebFingerQuery.ByActorId) query).actorId();
            // The directory must hand back exactly the id asked for, never a near match.
            found = directory.findByActorId(actorId).map(o -> o.filter(a -> a.actorId().equals(actorId)));
        }
        found.onComplete(result -> {
            if (result.failed()) {
                JsonErrors.send(ctx, 503, "the account directory is unavailable; try again shortly");
            } else if (result.result().isEmpty()) {
                JsonErrors.send(ctx, 404, "no such account here");
            } else {
                ctx.response().putHeader("Content-Type", "application/jrd+json; charset=utf-8")
                    .end(document(result.result().get()).encode());
            }
        });
    }

    JsonObject document(DiscoverableActor actor) {
        JsonArray aliases = new JsonArray().add(actor.actorId());
        if (!actor.profilePageUrl().equals(actor.actorId())) {
            aliases.add(actor.profilePageUrl());
        }
        return new JsonObject()
            .put("subject", "acct:" + actor.username() + "@" + identity.domain())
            .put("aliases", aliases)
            .put("links", new JsonArray()
                .add(new JsonObject().put("rel", "self").put("type", ActivityPubMediaTypes.ACTIVITY_JSON).put("href", actor.actorId()))
                .add(new JsonObject().put("rel", PROFILE_PAGE).put("type", "text/html").put("href", actor.profilePageUrl())));
    }
}
