package org.mutua.server.follows;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.mutua.federation.actor.ActorDocuments;
import org.mutua.server.actors.ActorKind;
import org.mutua.server.actors.ActorRoutes;
import org.mutua.server.actors.LocalActor;
import org.mutua.server.http.ListPage;
import org.mutua.server.problems.Problem;

/**
 * The {@code followers} and {@code following} collections of our actors. Members' expose totalItems only (Mastodon
 * hide_collections; FEDERATION.md 7): who follows a neighbour is private. The neighbourhood's are paged.
 */
final class FollowCollections {
    private static final int PAGE = 100;
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

    private Future<JsonObject> body(RoutingContext ctx, LocalActor actor, String id, Follow.Direction direction) {
        JsonObject base = new JsonObject().put("@context", ActorDocuments.ACTIVITYSTREAMS).put("id", id).put("type", "OrderedCollection");
        int page;
        try {
            page = ListPage.collectionPage(ctx);
        } catch (Problem p) {
            return Future.failedFuture(p);
        }
        if (actor.kind() != ActorKind.GROUP || page == 0) {
            return follows.count(actor.id(), direction).map(n -> {
                base.put("totalItems", n);
                if (actor.kind() == ActorKind.GROUP) {
                    base.put("first", id + "?page=1");
                }
                return base;
            });
        }
        var listing = direction == Follow.Direction.INBOUND ? follows.followersOf(actor.id(), (page - 1) * PAGE, PAGE)
            : follows.followingOf(actor.id(), (page - 1) * PAGE, PAGE);
        return listing.map(l -> {
            JsonArray items = new JsonArray();
            l.items().stream().filter(v -> v.follow().state() == Follow.State.ACCEPTED).forEach(v -> items.add(v.remote().uri()));
            JsonObject p = new JsonObject().put("@context", ActorDocuments.ACTIVITYSTREAMS).put("id", id + "?page=" + page)
                .put("type", "OrderedCollectionPage").put("partOf", id).put("totalItems", l.total()).put("orderedItems", items);
            if (l.hasMore()) {
                p.put("next", id + "?page=" + (page + 1));
            }
            return p;
        });
    }
}
