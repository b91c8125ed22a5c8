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
import org.mutua.server.http.AuthorizedFetch;
import org.mutua.server.http.Responses;
import org.mutua.server.problems.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Actor documents and their collections as ActivityPub JSON, by content negotiation: a client asking for
 * activity+json (or ld+json with the ActivityStreams profile) gets JSON; anyone else falls through to the HTML page
 * mounted after these routes. Every answer varies on Accept.
 */
public final class ActorRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ActorRoutes.class);
    /**
     * The body of one collection of one of our actors. Features that own a collection (follows: followers and
     * following; notices: outboxes) mount its route and serve it through {@link #collection}.
     */
    @FunctionalInterface
    public interface CollectionBody {
        Future<JsonObject> of(RoutingContext ctx, LocalActor actor, String id);
    }

    private final MutuaConfig config;
    private final ActorService actors;
    private final Uris uris;

    private final ActorDocuments documents;
    private final RequestAuthenticator authenticator;
    private final AuthorizedFetch signedFetch;

    public ActorRoutes(MutuaConfig config, ActorService actors, Uris uris, RequestAuthenticator authenticator) {
        this.config = config;
        this.actors = actors;
        this.uris = uris;
        this.documents = new ActorDocuments(config.devAllowHttp());
        this.authenticator = authenticator;
        this.signedFetch = new AuthorizedFetch(authenticator, config.authorizedFetch());
    }

    public void mount(Router router) {
        router.get("/u/:name").handler(ctx -> actor(ctx, ActorKind.PERSON, ctx.pathParam("name")));
        router.get("/g/:name").handler(ctx -> actor(ctx, ActorKind.GROUP, ctx.pathParam("name")));
        router.get("/actor").handler(ctx -> actor(ctx, ActorKind.APPLICATION, actors.instanceActorUsername()));
        // The neighbourhood's featured posts and moderators, and the instance actor's outbox, are empty for now.
        router.get("/g/:name/featured").handler(ctx -> collection(ctx, ActorKind.GROUP, ctx.pathParam("name"), "featured", ActorRoutes::empty));
        router.get("/g/:name/moderators").handler(ctx -> collection(ctx, ActorKind.GROUP, ctx.pathParam("name"), "moderators", ActorRoutes::empty));
        router.get("/actor/outbox").handler(ctx -> collection(ctx, ActorKind.APPLICATION, actors.instanceActorUsername(), "outbox", ActorRoutes::empty));
    }

    private void actor(RoutingContext ctx, ActorKind kind, String username) {
        ctx.response().putHeader("Vary", "Accept");
        if (kind != ActorKind.APPLICATION && !ActivityPubMediaTypes.wantsActivityJson(ctx.request().getHeader("Accept"))) {
            ctx.next();
            return;
        }
        // The instance actor is served to anyone, signed or not, so mutual key fetches never deadlock (Mastodon
        // instance_actors_controller.rb).
        Future<Optional<SignerKey>> signer = kind == ActorKind.APPLICATION ? Future.succeededFuture(Optional.empty())
            : authenticator.optionalSigner(ctx).recover(err -> readAsUnsigned(ctx, err));
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

    /**
     * An actor document whose signed GET does not verify is served as to an unsigned reader (reduced under authorized
     * fetch), never refused: the signer usually wants our key to check a delivery of ours, and it signs with its own
     * key, which we may in turn have to fetch from it; a 401 there made a Fedify peer reject our Follow at its personal
     * inbox whenever our key fetch from it failed (SignatureSchemesInteropTest). Mastodon does not check signatures on
     * actor documents outside secure mode. A blocked domain stays refused.
     */
    private static Future<Optional<SignerKey>> readAsUnsigned(RoutingContext ctx, Throwable err) {
        if (err instanceof org.mutua.federation.inbox.InboxRefusal r && r.status() == 403) {
            return Future.failedFuture(err);
        }
        LOG.info("actor GET {}: signature not verified ({}), served as unsigned", ctx.normalizedPath(), err.getMessage());
        return Future.succeededFuture(Optional.empty());
    }

    /**
     * Serves a collection of one of our actors as ActivityPub JSON: signed when authorized fetch is on, 404 for an
     * actor that does not exist or is not of that kind; the body comes from the feature that owns the collection.
     */
    public void collection(RoutingContext ctx, ActorKind kind, String username, String name, CollectionBody body) {
        ctx.response().putHeader("Vary", "Accept");
        signedFetch.signer(ctx).onFailure(ctx::fail).onSuccess(key -> {
            find(kind, username).compose(found -> {
                if (found.isEmpty()) {
                    return Future.failedFuture(Problem.notFound("error.notFound", "no such actor"));
                }
                return body.of(ctx, found.get(), uris.collection(found.get(), name));
            }).onSuccess(json -> Responses.json(ctx, 200, json, ActivityPubMediaTypes.ACTIVITY_JSON)).onFailure(ctx::fail);
        });
    }

    private static Future<JsonObject> empty(RoutingContext ctx, LocalActor actor, String id) {
        return Future.succeededFuture(new JsonObject().put("@context", ActorDocuments.ACTIVITYSTREAMS).put("id", id)
            .put("type", "OrderedCollection").put("totalItems", 0).put("orderedItems", new JsonArray()));
    }

    private io.vertx.core.Future<Optional<LocalActor>> find(ActorKind kind, String username) {
        return actors.visible(username).map(a -> a.filter(x -> x.kind() == kind));
    }

    LocalActorProfile profile(LocalActor a) {
        String id = uris.actor(a);
        ActorType type = ActorType.valueOf(a.kind().activityStreamsType());
        LocalActorProfile.Builder b = LocalActorProfile.builder(id, type, a.username())
            .name(a.displayName())
            .summaryHtml(ActorSummary.html(a.summary()))
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
