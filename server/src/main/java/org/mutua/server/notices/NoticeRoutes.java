package org.mutua.server.notices;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.mutua.config.MutuaConfig;
import org.mutua.federation.ActivityPubMediaTypes;
import org.mutua.federation.inbox.RequestAuthenticator;
import org.mutua.federation.vocab.ActivityStreams;
import org.mutua.federation.vocab.Contexts;
import org.mutua.server.actors.ActorKind;
import org.mutua.server.actors.ActorService;
import org.mutua.server.actors.LocalActor;
import org.mutua.server.actors.Uris;
import org.mutua.server.http.AuthorizedFetch;
import org.mutua.server.http.ListPage;
import org.mutua.server.http.Responses;
import org.mutua.server.problems.Problem;
import org.mutua.server.publishing.Viewer;

/**
 * Notices as ActivityPub JSON (FEDERATION.md 7). {@code GET /o/:id}: public to anyone (signed when authorized fetch is
 * on), followers-only to a signed GET from an accepted follower of the author, node-only never (404); a deleted
 * notice answers 410 with its Tombstone to whoever could have read it. The outboxes of members and the neighbourhood
 * list their public notices as {@code Create} activities, newest first.
 */
public final class NoticeRoutes {
    static final int OUTBOX_PAGE = 20;

    private final MutuaConfig config;
    private final NoticeService notices;
    private final ActorService actors;
    private final Uris uris;
    private final AuthorizedFetch signedFetch;

    public NoticeRoutes(MutuaConfig config, NoticeService notices, ActorService actors, Uris uris,
                        RequestAuthenticator authenticator) {
        this.config = config;
        this.notices = notices;
        this.actors = actors;
        this.uris = uris;
        this.signedFetch = new AuthorizedFetch(authenticator, config.authorizedFetch());
    }

    public void mount(Router router) {
        router.get("/o/:id").handler(this::object);
        router.get("/u/:name/outbox").handler(ctx -> outbox(ctx, ActorKind.PERSON));
        router.get("/g/:name/outbox").handler(ctx -> outbox(ctx, ActorKind.GROUP));
    }

    private void object(RoutingContext ctx) {
        ctx.response().putHeader("Vary", "Accept");
        if (!ActivityPubMediaTypes.wantsActivityJson(ctx.request().getHeader("Accept"))) {
            ctx.next();
            return;
        }
        signedFetch.signer(ctx).onFailure(ctx::fail).onSuccess(key -> {
            Problem missing = Problem.notFound("error.notFound", "no such object");
            notices.findAny(ctx.pathParam("id")).compose(found -> {
                if (found.isEmpty()) {
                    return Future.failedFuture(missing);
                }
                NoticeService.NoticeView view = found.get();
                return notices.canRead(Viewer.signer(key.map(k -> k.ownerActorId())), view)
                    .compose(ok -> ok ? Future.succeededFuture(view) : Future.failedFuture(missing));
            }).onSuccess(view -> {
                if (view.notice().deleted()) {
                    Responses.json(ctx, 410, notices.activities().tombstone(view.notice()), ActivityPubMediaTypes.ACTIVITY_JSON);
                } else {
                    Responses.json(ctx, 200, notices.activities().note(view.notice(), view.author()), ActivityPubMediaTypes.ACTIVITY_JSON);
                }
            }).onFailure(ctx::fail);
        });
    }

    /** OrderedCollection of public notices only: followers-only and node-only ones never appear, not even in counts. */
    private void outbox(RoutingContext ctx, ActorKind kind) {
        ctx.response().putHeader("Vary", "Accept");
        signedFetch.signer(ctx).onFailure(ctx::fail).onSuccess(key -> {
            int page;
            try {
                page = ListPage.collectionPage(ctx);
            } catch (Problem p) {
                ctx.fail(p);
                return;
            }
            actors.visible(ctx.pathParam("name")).map(a -> a.filter(x -> x.kind() == kind))
                .compose(found -> found.isEmpty() ? Future.failedFuture(Problem.notFound("error.notFound", "no such actor"))
                    : outboxBody(found.get(), page))
                .onSuccess(body -> Responses.json(ctx, 200, body, ActivityPubMediaTypes.ACTIVITY_JSON))
                .onFailure(ctx::fail);
        });
    }

    private Future<JsonObject> outboxBody(LocalActor actor, int page) {
        String id = uris.collection(actor, "outbox");
        int offset = Math.max(0, page - 1) * OUTBOX_PAGE;
        return notices.publicNotices(actor.id(), offset, OUTBOX_PAGE).map(listing -> {
            if (page == 0) {
                JsonObject c = new JsonObject().put("@context", ActivityStreams.CONTEXT).put("id", id)
                    .put("type", "OrderedCollection").put("totalItems", listing.total());
                if (listing.total() > 0) {
                    c.put("first", id + "?page=1");
                }
                return c;
            }
            JsonArray items = new JsonArray();
            listing.items().forEach(n -> {
                JsonObject create = notices.activities().create(n, actor);
                create.remove("@context");
                items.add(create);
            });
            JsonObject p = new JsonObject().put("@context", Contexts.published())
                .put("id", id + "?page=" + page).put("type", "OrderedCollectionPage").put("partOf", id)
                .put("totalItems", listing.total()).put("orderedItems", items);
            if (listing.hasMore()) {
                p.put("next", id + "?page=" + (page + 1));
            }
            if (page > 1) {
                p.put("prev", id + "?page=" + (page - 1));
            }
            return p;
        });
    }
}
