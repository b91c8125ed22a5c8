package org.mutua.server.follows;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.mutua.federation.actor.ActorDocuments;
import org.mutua.server.actors.ActorKind;
import org.mutua.server.actors.ActorRoutes;
import org.mutua.server.actors.LocalActor;
import org.mutua.server.http.ListPage;
import org.mutua.server.problems.Problem;

/** The {@code followers} and {@code following} collections of our actors: how many, never who (FEDERATION.md 7). */
final class FollowCollections {
    private static final String[] NAMES = {"followers", "following"};

    private final FollowService follows;
    private final ActorRoutes actorRoutes;

    FollowCollections(FollowService follows, ActorRoutes actorRoutes) {
        this.follows = follows;
        this.actorRoutes = actorRoutes;
    }

    void mount(Router router) {
        for (String c : NAMES) {
            Follow.Direction direction = c.equals("followers") ? Follow.Direction.INBOUND : Follow.Direction.OUTBOUND;
            ActorRoutes.CollectionBody body = (ctx, actor, id) -> body(ctx, actor, id, direction);
            router.get("/u/:name/" + c).handler(ctx -> actorRoutes.collection(ctx, ActorKind.PERSON, ctx.pathParam("name"), c, body));
            router.get("/g/:name/" + c).handler(ctx -> actorRoutes.collection(ctx, ActorKind.GROUP, ctx.pathParam("name"), c, body));
        }
    }

    /**
     * The collection as its {@code totalItems} only, on every page of it (Mastodon hide_collections), for members and the
     * neighbourhood alike: who belongs to a mutual-aid network is itself private (FEDERATION.md 7). A page number is
     * still checked, so a hostile one gets the same 400 as on every collection.
     */
    private Future<JsonObject> body(RoutingContext ctx, LocalActor actor, String id, Follow.Direction direction) {
        try {
            ListPage.collectionPage(ctx);
        } catch (Problem p) {
            return Future.failedFuture(p);
        }
        return follows.count(actor.id(), direction).map(n -> new JsonObject().put("@context", ActorDocuments.ACTIVITYSTREAMS)
            .put("id", id).put("type", "OrderedCollection").put("totalItems", n));
    }
}
