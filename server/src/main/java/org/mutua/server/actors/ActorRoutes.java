package org.mutua.server.actors;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.mutua.config.MutuaConfig;
import org.mutua.federation.ActivityPubMediaTypes;
import org.mutua.federation.actor.ActorDocuments;
import org.mutua.federation.actor.ActorType;
import org.mutua.federation.actor.ImplementedSpec;
import org.mutua.federation.actor.LocalActorProfile;
import io.vertx.core.Future;
import org.mutua.federation.inbox.RequestAuthenticator;
import org.mutua.federation.inbox.SignerKey;
import org.mutua.server.follows.Follow;
import org.mutua.server.follows.FollowService;
import org.mutua.server.http.AuthorizedFetch;
import org.mutua.server.http.ListPage;
import org.mutua.server.http.Responses;
import org.mutua.server.members.ProfileText;
import org.mutua.server.problems.Problem;

/**
 * Actor documents and their collections as ActivityPub JSON, by content negotiation: a client asking for
 * activity+json (or ld+json with the ActivityStreams profile) gets JSON; anyone else falls through to the HTML page
 * mounted after these routes. Every answer varies on Accept.
 */
public final class ActorRoutes {
    /** Outboxes of members and groups are the publishing path's (notices.NoticeRoutes). */
    private static final String[] COLLECTIONS = {"followers", "following"};

    private final MutuaConfig config;
    private final ActorService actors;
    private final Uris uris;
    private static final int PAGE = 100;

    private final ActorDocuments documents;
    private final RequestAuthenticator authenticator;
    private final AuthorizedFetch signedFetch;
    private final FollowService follows;

    public ActorRoutes(MutuaConfig config, ActorService actors, Uris uris, RequestAuthenticator authenticator, FollowService follows) {
        this.config = config;
        this.actors = actors;
        this.uris = uris;
        this.documents = new ActorDocuments(config.devAllowHttp());
        this.authenticator = authenticator;
        this.signedFetch = new AuthorizedFetch(authenticator, config.authorizedFetch());
        this.follows = follows;
    }

    public void mount(Router router) {
        router.get("/u/:name").handler(ctx -> actor(ctx, ActorKind.PERSON, ctx.pathParam("name")));
        router.get("/g/:name").handler(ctx -> actor(ctx, ActorKind.GROUP, ctx.pathParam("name")));
        router.get("/actor").handler(ctx -> actor(ctx, ActorKind.APPLICATION, actors.instanceActorUsername()));
        for (String c : COLLECTIONS) {
            router.get("/u/:name/" + c).handler(ctx -> collection(ctx, ActorKind.PERSON, ctx.pathParam("name"), c));
            router.get("/g/:name/" + c).handler(ctx -> collection(ctx, ActorKind.GROUP, ctx.pathParam("name"), c));
        }
        router.get("/g/:name/featured").handler(ctx -> collection(ctx, ActorKind.GROUP, ctx.pathParam("name"), "featured"));
        router.get("/g/:name/moderators").handler(ctx -> collection(ctx, ActorKind.GROUP, ctx.pathParam("name"), "moderators"));
        router.get("/actor/outbox").handler(ctx -> collection(ctx, ActorKind.APPLICATION, actors.instanceActorUsername(), "outbox"));
    }

    private void actor(RoutingContext ctx, ActorKind kind, String username) {
        ctx.response().putHeader("Vary", "Accept");
        if (kind != ActorKind.APPLICATION && !ActivityPubMediaTypes.wantsActivityJson(ctx.request().getHeader("Accept"))) {
            ctx.next();
            return;
        }
        // The instance actor is served to anyone, signed or not, so mutual key fetches never deadlock (Mastodon
        // instance_actors_controller.rb).
        Future<Optional<SignerKey>> signer = kind == ActorKind.APPLICATION ? Future.succeededFuture(Optional.empty()) : authenticator.optionalSigner(ctx);
        signer.onFailure(ctx::fail).onSuccess(key -> find(kind, username).onSuccess(found -> {
            if (found.isEmpty()) {
                ctx.fail(Problem.notFound("error.notFound", "no such actor"));
                return;
            }
            LocalActorProfile p = profile(found.get());
            boolean reduced = kind != ActorKind.APPLICATION && key.isEmpty() && config.authorizedFetch();
            Responses.json(ctx, 200, reduced ? documents.reduced(p) : documents.full(p), ActivityPubMediaTypes.ACTIVITY_JSON);
        }).onFailure(ctx::fail));
    }

    private void collection(RoutingContext ctx, ActorKind kind, String username, String name) {
        ctx.response().putHeader("Vary", "Accept");
        signedFetch.signer(ctx).onFailure(ctx::fail).onSuccess(key -> {
            find(kind, username).compose(found -> {
                if (found.isEmpty()) {
                    return Future.failedFuture(Problem.notFound("error.notFound", "no such actor"));
                }
                return collectionBody(ctx, found.get(), name);
            }).onSuccess(body -> Responses.json(ctx, 200, body, ActivityPubMediaTypes.ACTIVITY_JSON)).onFailure(ctx::fail);
        });
    }

    /**
     * Followers and following of members expose totalItems only (Mastodon hide_collections; FEDERATION.md 7); the
     * neighbourhood's are paged. The instance actor's outbox, featured and moderators are empty.
     */
    private Future<JsonObject> collectionBody(RoutingContext ctx, LocalActor actor, String name) {
        String id = uris.actor(actor) + "/" + name;
        JsonObject base = new JsonObject().put("@context", ActorDocuments.ACTIVITYSTREAMS).put("id", id).put("type", "OrderedCollection");
        if (!name.equals("followers") && !name.equals("following")) {
            return Future.succeededFuture(base.put("totalItems", 0).put("orderedItems", new JsonArray()));
        }
        Follow.Direction direction = name.equals("followers") ? Follow.Direction.INBOUND : Follow.Direction.OUTBOUND;
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

    private io.vertx.core.Future<Optional<LocalActor>> find(ActorKind kind, String username) {
        return actors.visible(username).map(a -> a.filter(x -> x.kind() == kind));
    }

    LocalActorProfile profile(LocalActor a) {
        String id = uris.actor(a);
        ActorType type = ActorType.valueOf(a.kind().activityStreamsType());
        LocalActorProfile.Builder b = LocalActorProfile.builder(id, type, a.username())
            .name(a.displayName())
            .summaryHtml(ProfileText.bioHtml(a.summary()))
            .url(a.kind() == ActorKind.APPLICATION ? uris.base() + "/" : id)
            .published(a.createdAt())
            .sharedInbox(uris.sharedInbox())
            .manuallyApprovesFollowers(true)
            .discoverable(a.kind() == ActorKind.GROUP)
            .indexable(false)
            .keys(a.rsaPublicPem(), a.ed25519PublicMultibase());
        switch (a.kind()) {
            case GROUP -> b.featured(id + "/featured").attributedTo(id + "/moderators").groupKind("neighbourhood").members(id + "/members");
            case APPLICATION -> b.implementsSpecs(ImplementedSpec.MUTUA_V1);
            case PERSON -> { }
        }
        return b.build();
    }
}
