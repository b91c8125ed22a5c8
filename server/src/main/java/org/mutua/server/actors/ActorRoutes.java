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
import org.mutua.server.http.Responses;
import org.mutua.server.members.ProfileText;
import org.mutua.server.problems.Problem;

/**
 * Actor documents and their collections as ActivityPub JSON, by content negotiation: a client asking for
 * activity+json (or ld+json with the ActivityStreams profile) gets JSON; anyone else falls through to the HTML page
 * mounted after these routes. Every answer varies on Accept.
 */
public final class ActorRoutes {
    private static final String[] COLLECTIONS = {"outbox", "followers", "following"};

    private final MutuaConfig config;
    private final ActorService actors;
    private final Uris uris;
    private final ActorDocuments documents;

    public ActorRoutes(MutuaConfig config, ActorService actors, Uris uris) {
        this.config = config;
        this.actors = actors;
        this.uris = uris;
        this.documents = new ActorDocuments(config.devAllowHttp());
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
        find(kind, username).onSuccess(found -> {
            if (found.isEmpty()) {
                ctx.fail(Problem.notFound("error.notFound", "no such actor"));
                return;
            }
            Responses.json(ctx, 200, documents.full(profile(found.get())), ActivityPubMediaTypes.ACTIVITY_JSON);
        }).onFailure(ctx::fail);
    }

    private void collection(RoutingContext ctx, ActorKind kind, String username, String name) {
        ctx.response().putHeader("Vary", "Accept");
        find(kind, username).onSuccess(found -> {
            if (found.isEmpty()) {
                ctx.fail(Problem.notFound("error.notFound", "no such actor"));
                return;
            }
            // Empty until follows and publishing exist; members' social graph will show totalItems only (FEDERATION.md 7).
            JsonObject body = new JsonObject()
                .put("@context", ActorDocuments.ACTIVITYSTREAMS)
                .put("id", uris.actor(found.get()) + "/" + name)
                .put("type", "OrderedCollection")
                .put("totalItems", 0);
            if (kind == ActorKind.GROUP || name.equals("outbox")) {
                body.put("orderedItems", new JsonArray());
            }
            Responses.json(ctx, 200, body, ActivityPubMediaTypes.ACTIVITY_JSON);
        }).onFailure(ctx::fail);
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
