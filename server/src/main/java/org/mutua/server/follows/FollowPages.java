package org.mutua.server.follows;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import org.mutua.config.MutuaConfig;
import org.mutua.server.actors.ActorService;
import org.mutua.server.actors.LocalActor;
import org.mutua.server.actors.RemoteActorRecord;
import org.mutua.server.actors.Uris;
import org.mutua.server.actors.RemoteActors;
import org.mutua.server.members.WebPages;
import org.mutua.server.members.Member;
import org.mutua.server.problems.Problem;
import org.mutua.web.follows.FollowRow;
import org.mutua.web.follows.FollowersView;
import org.mutua.web.view.FormErrors;
import org.mutua.web.follows.PeopleView;

/**
 * Following in the web UI (forms only, no script): find someone by handle or profile URL, follow and unfollow them, and
 * decide requests to follow the member (and, for coordinators and admins, the neighbourhood). The rules are
 * {@link FollowService}'s; this class only turns forms into its calls and its answers into pages.
 */
public final class FollowPages {
    /** Lists are shown whole up to this many entries (no paging yet). */
    static final int LIST_LIMIT = 200;

    private final MutuaConfig config;
    private final FollowService follows;
    private final RemoteActors remotes;
    private final ActorService actors;
    private final WebPages pages;
    private final Uris uris;

    public FollowPages(MutuaConfig config, FollowService follows, RemoteActors remotes, ActorService actors, WebPages pages, Uris uris) {
        this.uris = uris;
        this.config = config;
        this.follows = follows;
        this.remotes = remotes;
        this.actors = actors;
        this.pages = pages;
    }

    public void mount(Router router) {
        router.get("/people").handler(pages.forMember(me -> ctx -> people(ctx, me, 200, FormErrors.none(), null)));
        router.post("/people/search").handler(pages.forMember(me -> ctx -> search(ctx, me)));
        router.post("/people/follow").handler(pages.forMember(me -> ctx -> follow(ctx, me)));
        router.post("/people/:id/unfollow").handler(pages.forMember(me -> ctx -> follows.unfollow(me, ctx.pathParam("id"))
            .onSuccess(v -> pages.redirect(ctx, "/people", "notice.unfollowed"))
            .onFailure(ctx::fail)));
        router.get("/followers").handler(pages.forMember(me -> ctx -> followers(ctx, me)));
        router.post("/followers/:id/remove").handler(pages.forMember(me -> ctx -> follows.removeFollower(me, ctx.pathParam("id"))
            .onSuccess(v -> pages.redirect(ctx, "/followers", "notice.followerRemoved"))
            .onFailure(ctx::fail)));
        router.post("/follow-requests/:id/accept").handler(pages.forMember(me -> ctx -> decide(ctx, me, true)));
        router.post("/follow-requests/:id/reject").handler(pages.forMember(me -> ctx -> decide(ctx, me, false)));
    }

    private void search(RoutingContext ctx, Member me) {
        String target = field(ctx, "target");
        remotes.resolve(target)
            .onSuccess(remote -> people(ctx, me, 200, FormErrors.none().withValue("target", target.trim()), remote))
            .onFailure(err -> refused(ctx, me, err, target));
    }

    private void follow(RoutingContext ctx, Member me) {
        String target = field(ctx, "target");
        follows.follow(me, target == null ? "" : target)
            .onSuccess(v -> pages.redirect(ctx, "/people", "notice.followSent"))
            .onFailure(err -> refused(ctx, me, err, target));
    }

    /** A refusal about the target re-renders the page with the error on the search field; anything else is the router's. */
    private void refused(RoutingContext ctx, Member me, Throwable err, String target) {
        if (!(err instanceof Problem p)) {
            ctx.fail(err);
            return;
        }
        String text = WebPages.text(pages.messages(ctx), p);
        FormErrors errors = (p.field() == null ? FormErrors.none().withGeneral(text) : FormErrors.none().withError("target", text))
            .withValue("target", target == null ? "" : target);
        people(ctx, me, p.status(), errors, null);
    }

    private void people(RoutingContext ctx, Member me, int status, FormErrors errors, RemoteActorRecord found) {
        follows.followingOf(me.actorId(), 0, LIST_LIMIT).onSuccess(following -> {
            List<FollowRow> rows = following.items().stream().map(this::row).toList();
            FollowRow foundRow = found == null ? null : rows.stream().filter(r -> r.url().equals(found.uri())).findFirst()
                .orElse(new FollowRow(null, found.displayName(), handle(found), found.uri(), null));
            pages.render(ctx, status, "title.people", new PeopleView(errors, foundRow, rows));
        }).onFailure(ctx::fail);
    }

    private void followers(RoutingContext ctx, Member me) {
        boolean organiser = me.role().canCoordinate();
        // One after the other: a request's database work must not run two queries at once.
        follows.requestsFor(me, 0, LIST_LIMIT).compose(requests -> follows.followersOf(me.actorId(), 0, LIST_LIMIT).compose(mine -> {
            List<FollowRow> own = requests.items().stream().filter(v -> v.local().id().equals(me.actorId())).map(this::row).toList();
            List<FollowRow> hood = requests.items().stream().filter(v -> !v.local().id().equals(me.actorId())).map(this::row).toList();
            List<FollowRow> followers = mine.items().stream().map(this::row).toList();
            Future<List<FollowRow>> hoodFollowers = !organiser ? Future.succeededFuture(List.of())
                : actors.visible(config.neighbourhoodUsername()).compose(actor -> actor.isEmpty() ? Future.succeededFuture(List.<FollowRow>of())
                    : follows.followersOf(actor.get().id(), 0, LIST_LIMIT).map(l -> l.items().stream().map(this::row).toList()));
            return hoodFollowers.map(hf -> new FollowersView(own, followers, organiser, organiser ? hood : List.of(), hf));
        })).onSuccess(view -> pages.render(ctx, 200, "title.followers", view)).onFailure(ctx::fail);
    }

    private void decide(RoutingContext ctx, Member me, boolean accept) {
        follows.decide(me, ctx.pathParam("id"), accept)
            .onSuccess(v -> pages.redirect(ctx, "/followers", accept ? "notice.followAccepted" : "notice.followDeclined"))
            .onFailure(err -> ctx.fail(err instanceof Problem p && p.status() == 409
                ? new Problem(409, null, "error.followRequest.decided", "this follow request was already decided") : err));
    }

    private FollowRow row(FollowService.FollowView v) {
        RemoteActorRecord remote = v.remote();
        if (remote == null) {
            LocalActor n = v.neighbour();
            return new FollowRow(v.follow().publicId(), n.displayName(), "@" + n.username(), uris.profilePage(n),
                v.follow().state().name().toLowerCase(Locale.ROOT));
        }
        return new FollowRow(v.follow().publicId(), remote.displayName(), handle(remote), remote.uri(),
            v.follow().state().name().toLowerCase(Locale.ROOT));
    }

    /** {@code @user@host}, or the actor's URL when it has no name. */
    private static String handle(RemoteActorRecord remote) {
        String h = remote.handle();
        return h.contains("://") ? h : "@" + h;
    }

    private static String field(RoutingContext ctx, String name) {
        return ctx.request().getFormAttribute(name);
    }
}
