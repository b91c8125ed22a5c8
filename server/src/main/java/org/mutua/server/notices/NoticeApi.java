package org.mutua.server.notices;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.mutua.server.actors.Uris;
import org.mutua.server.http.JsonBodies;
import org.mutua.server.http.ListPage;
import org.mutua.server.http.Responses;
import org.mutua.server.members.BearerAuth;
import org.mutua.server.problems.Problem;
import org.mutua.server.publishing.Audience;

/** Notices in the JSON API (described in openapi/mutua-v1.json). */
public final class NoticeApi {
    private static final String BASE = "/api/mutua/v1";
    /** Replies embedded in a notice; more through {@code /replies}. */
    static final int FIRST_REPLIES = 20;

    private final NoticeService notices;
    private final NoticeInteractions interactions;
    private final BearerAuth auth;
    private final Uris uris;

    public NoticeApi(NoticeService notices, NoticeInteractions interactions, BearerAuth auth, Uris uris) {
        this.notices = notices;
        this.interactions = interactions;
        this.auth = auth;
        this.uris = uris;
    }

    public void mount(Router router) {
        router.get(BASE + "/notices").handler(this::list);
        router.post(BASE + "/notices").handler(this::publish);
        router.get(BASE + "/notices/:id").handler(this::read);
        router.patch(BASE + "/notices/:id").handler(this::edit);
        router.delete(BASE + "/notices/:id").handler(this::delete);
        router.get(BASE + "/notices/:id/replies").handler(this::replies);
        router.post(BASE + "/notices/:id/replies").handler(this::reply);
    }

    private void publish(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String content = JsonBodies.string(body, "content");
        String visibility = JsonBodies.string(body, "visibility");
        String as = JsonBodies.string(body, "as");
        if (as != null && !as.equals("member") && !as.equals("neighbourhood")) {
            throw Problem.invalid("as", "error.as.invalid", "as must be member or neighbourhood");
        }
        String language = JsonBodies.string(body, "language");
        auth.member(ctx).compose(m -> notices.publish(m, content, visibility, "neighbourhood".equals(as), language))
            .onSuccess(v -> Responses.json(ctx, 201, new JsonObject().put("id", v.notice().publicId()).put("uri", v.notice().uri())))
            .onFailure(ctx::fail);
    }

    /**
     * The notices the member may read, newest first, paged like every list ({@link ListPage}); {@code ?by=me} or
     * {@code ?by=neighbourhood} and {@code ?visibility=public|followers|local} narrow it.
     */
    private void list(RoutingContext ctx) {
        ListPage page = ListPage.of(ctx);
        NoticeService.NoticeFilter filter = new NoticeService.NoticeFilter(byFilter(ctx.request().getParam("by")),
            visibilityFilter(ctx.request().getParam("visibility")));
        auth.member(ctx).compose(m -> notices.visibleTo(m, filter, page.offset(), page.limit()))
            .onSuccess(l -> Responses.json(ctx, 200, page.render(uris.base(), ctx, l.total(), l.items(), this::summary)))
            .onFailure(ctx::fail);
    }

    private static java.util.Optional<NoticeService.NoticeFilter.By> byFilter(String by) {
        if (by == null || by.isEmpty()) {
            return java.util.Optional.empty();
        }
        return switch (by) {
            case "me" -> java.util.Optional.of(NoticeService.NoticeFilter.By.ME);
            case "neighbourhood" -> java.util.Optional.of(NoticeService.NoticeFilter.By.NEIGHBOURHOOD);
            default -> throw Problem.invalid("by", "error.by.invalid", "by must be me or neighbourhood");
        };
    }

    private static java.util.Optional<Audience> visibilityFilter(String visibility) {
        if (visibility == null || visibility.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(NoticeService.audience(visibility).orElseThrow(() ->
            Problem.invalid("visibility", "error.visibility.invalid", "visibility must be public, followers or local")));
    }

    /** A notice in a list; {@code GET /notices/{id}} adds its counts and first replies. */
    private JsonObject summary(NoticeService.NoticeView v) {
        JsonObject json = new JsonObject()
            .put("id", v.notice().publicId())
            .put("author", uris.actor(v.author()))
            .put("content", v.notice().contentHtml())
            .put("language", v.notice().language())
            .put("visibility", v.notice().visibility().wire())
            .put("uri", v.notice().uri())
            .put("createdAt", v.notice().createdAt().toString());
        if (v.notice().updatedAt().isAfter(v.notice().createdAt())) {
            json.put("updatedAt", v.notice().updatedAt().toString());
        }
        return json;
    }

    private void read(RoutingContext ctx) {
        auth.member(ctx).compose(m -> notices.read(m, ctx.pathParam("id")).compose(v -> detailed(m, v)))
            .onSuccess(json -> Responses.json(ctx, 200, json))
            .onFailure(ctx::fail);
    }

    /** PATCH {"content"}: only the text changes; visibility and author stay as published. */
    private void edit(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        if (body.fieldNames().stream().anyMatch(f -> !f.equals("content"))) {
            throw Problem.invalid("content", "error.notice.onlyContent", "only content can be changed; visibility stays as published");
        }
        String content = JsonBodies.string(body, "content");
        auth.member(ctx).compose(m -> notices.edit(m, ctx.pathParam("id"), content).compose(v -> detailed(m, v)))
            .onSuccess(json -> Responses.json(ctx, 200, json))
            .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        auth.member(ctx).compose(m -> notices.delete(m, ctx.pathParam("id")))
            .onSuccess(v -> ctx.response().setStatusCode(204).end())
            .onFailure(ctx::fail);
    }

    private void replies(RoutingContext ctx) {
        ListPage page = ListPage.of(ctx);
        auth.member(ctx).compose(m -> notices.read(m, ctx.pathParam("id"))
                .compose(v -> interactions.replies(v.notice().id(), NoticeService.canChange(m, v), page.offset(), page.limit())))
            .onSuccess(l -> Responses.json(ctx, 200, page.render(uris.base(), ctx, l.total(), l.items(), NoticeApi::reply)))
            .onFailure(ctx::fail);
    }

    /** POST {"content"}: the member replies (NoticeService#reply: readable notices only; the reply stays on this node). */
    private void reply(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String content = JsonBodies.string(body, "content");
        auth.member(ctx).compose(m -> notices.reply(m, ctx.pathParam("id"), content))
            .onSuccess(r -> Responses.json(ctx, 201, new JsonObject().put("uri", r.uri()).put("actor", r.actorUri())
                .put("content", NoticeText.forDisplay(r.contentHtml())).put("published", r.publishedAt().toString())))
            .onFailure(ctx::fail);
    }

    /** Replies not addressed to the public are counted and shown only to whoever may change the notice. */
    private Future<JsonObject> detailed(org.mutua.server.members.Member member, NoticeService.NoticeView v) {
        Long id = v.notice().id();
        boolean includePrivate = NoticeService.canChange(member, v);
        return interactions.counts(id).compose(counts -> interactions.replies(id, includePrivate, 0, FIRST_REPLIES).map(first -> {
            JsonArray replies = new JsonArray();
            first.items().forEach(r -> replies.add(reply(r)));
            return summary(v)
                .put("repliesCount", counts.repliesFor(includePrivate))
                .put("likesCount", counts.likes())
                .put("announcesCount", counts.announces())
                .put("replies", replies);
        }));
    }

    private static JsonObject reply(NoticeInteractions.ReplyView r) {
        return new JsonObject().put("uri", r.reply().uri()).put("actor", r.reply().actorUri())
            .put("actorHandle", r.actorHandle()).put("actorName", r.actorName())
            .put("content", NoticeText.forDisplay(r.reply().contentHtml())).put("published", r.reply().publishedAt().toString())
            .put("edited", r.reply().edited()).put("public", r.reply().addressedPublicly()).put("url", r.reply().url());
    }
}
