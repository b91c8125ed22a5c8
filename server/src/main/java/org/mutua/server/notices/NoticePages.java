package org.mutua.server.notices;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.mutua.config.MutuaConfig;
import org.mutua.server.actors.ActorKind;
import org.mutua.server.actors.LocalActor;
import org.mutua.server.http.ListPage;
import org.mutua.server.members.WebPages;
import org.mutua.server.members.Member;
import org.mutua.server.problems.Problem;
import org.mutua.server.publishing.Viewer;
import org.mutua.web.Messages;
import org.mutua.web.view.Times;
import org.mutua.web.view.FormErrors;
import org.mutua.web.notices.NoticeDeleteView;
import org.mutua.web.notices.NoticeFormView;
import org.mutua.web.notices.NoticePageView;
import org.mutua.web.notices.NoticeRow;
import org.mutua.web.notices.NoticesView;
import org.mutua.web.view.Pager;
import org.mutua.web.notices.ReplyRow;

/**
 * Notices in the web UI (forms only, no script): the list, writing, reading ({@code /o/:id}, the address Mastodon users
 * follow too), editing and deleting. The rules are {@link NoticeService}'s; this class turns forms into its calls and
 * its answers into pages. A refusal about a field re-renders the form with the message next to it; any other refusal
 * (403, 404, 410, wrong CSRF) is the router's error page.
 */
public final class NoticePages {
    /** Notices on one page of the list (newest first). */
    public static final int LIST_LIMIT = 50;
    /** The neighbourhood's public notices on its page. */
    public static final int HOME_LIMIT = 20;
    /** Replies on one page under a notice (oldest first). */
    static final int REPLIES_LIMIT = 50;
    /** Characters of a notice shown in a list. */
    static final int EXCERPT = 280;

    private final MutuaConfig config;
    private final NoticeService notices;
    private final NoticeInteractions interactions;
    private final WebPages pages;

    public NoticePages(MutuaConfig config, NoticeService notices, NoticeInteractions interactions, WebPages pages) {
        this.config = config;
        this.notices = notices;
        this.interactions = interactions;
        this.pages = pages;
    }

    /** Mount after {@link NoticeRoutes}: its {@code /o/:id} answers ActivityPub clients and passes browsers on. */
    public void mount(Router router) {
        router.get("/notices").handler(pages.forMember(me -> ctx -> list(ctx, me)));
        router.get("/notices/new").handler(pages.forMember(me -> ctx -> form(ctx, 200, me, FormErrors.none(), null, null, null)));
        router.post("/notices").handler(pages.forMember(me -> ctx -> publish(ctx, me)));
        router.get("/notices/:id/edit").handler(pages.forMember(me -> ctx -> changeable(ctx, me)
            .onSuccess(view -> editForm(ctx, 200, view, FormErrors.none(), plainText(view.notice().contentHtml())))
            .onFailure(ctx::fail)));
        router.post("/notices/:id/edit").handler(pages.forMember(me -> ctx -> edit(ctx, me)));
        router.get("/notices/:id/delete").handler(pages.forMember(me -> ctx -> changeable(ctx, me)
            .onSuccess(view -> pages.render(ctx, 200, "title.noticeDelete", new NoticeDeleteView(row(view, null, true, pages.times(ctx)), view.notice().contentHtml())))
            .onFailure(ctx::fail)));
        router.post("/notices/:id/delete").handler(pages.forMember(me -> ctx -> notices.delete(me, ctx.pathParam("id"))
            .onSuccess(v -> pages.redirect(ctx, "/notices", "notice.noticeDeleted"))
            .onFailure(ctx::fail)));
        router.get("/o/:id").handler(ctx -> pages.loadMember(ctx).onSuccess(me -> show(ctx, me, 200, FormErrors.none())).onFailure(ctx::fail));
        router.post("/o/:id/replies").handler(pages.forMember(me -> ctx -> reply(ctx, me)));
    }

    // ---- pages ----

    private void list(RoutingContext ctx, Member me) {
        // map: a bad ?page= becomes a failed future, so the router answers it as any other refusal
        Future.succeededFuture(ctx).map(ListPage::webPage).compose(page -> notices.visibleTo(me, (page - 1) * LIST_LIMIT, LIST_LIMIT)
                .compose(listing -> rows(listing.items(), me, pages.times(ctx))
                .map(rows -> new NoticesView(rows, Pager.of("/notices", page, LIST_LIMIT, listing.total(), "notices.newer", "notices.older")))))
            .onSuccess(view -> pages.render(ctx, 200, "title.notices", view))
            .onFailure(ctx::fail);
    }

    /** The neighbourhood's latest public notices, for its page (the home page): anyone may read them. */
    public Future<List<NoticeRow>> neighbourhoodNotices(RoutingContext ctx) {
        return notices.neighbourhoodPublic(0, HOME_LIMIT).compose(listing -> rows(listing.items(), null, pages.times(ctx)));
    }

    /**
     * A notice for a browser: public ones to anyone, followers-only and node-only ones to a logged-in member who may
     * read them ({@link NoticeService#canRead}), 404 for anyone else so nothing is given away; deleted: 410.
     */
    private void show(RoutingContext ctx, Optional<Member> me, int status, FormErrors replyErrors) {
        Problem missing = Problem.notFound("error.notFound", "no such notice");
        Future.succeededFuture(ctx).map(ListPage::webPage).compose(page -> notices.findAny(ctx.pathParam("id")).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(missing);
            }
            NoticeService.NoticeView view = found.get();
            return notices.canRead(Viewer.member(me), view)
                .compose(allowed -> allowed ? shown(ctx, page, me, view, replyErrors) : Future.failedFuture(missing));
        })).onSuccess(page -> pages.renderTitled(ctx, status, pages.messages(ctx).t("notices.from", page.notice().authorName()),
            page)).onFailure(ctx::fail);
    }

    private Future<NoticePageView> shown(RoutingContext ctx, int page, Optional<Member> me, NoticeService.NoticeView view,
                                         FormErrors replyErrors) {
        if (view.notice().deleted()) {
            return Future.failedFuture(new Problem(410, null, "error.notice.deleted", "this notice was deleted"));
        }
        Times times = pages.times(ctx);
        // One after the other: a request's database work must not run two queries at once.
        // Replies not addressed to the public are shown only to whoever may change the notice.
        boolean mine = me.map(m -> NoticeService.canChange(m, view)).orElse(false);
        return interactions.counts(view.notice().id()).compose(counts -> interactions.replies(view.notice().id(), mine,
                (page - 1) * REPLIES_LIMIT, REPLIES_LIMIT)
            .map(replies -> {
                NoticeRow row = row(view, counts, mine, times);
                List<ReplyRow> shown = replies.items().stream().map(r -> reply(r, times)).toList();
                Pager pager = Pager.of("/o/" + view.notice().publicId(), page, REPLIES_LIMIT, replies.total(),
                    "notices.earlierReplies", "notices.laterReplies");
                // Any member who may read it may reply (she got this far); a visitor sees no form.
                return new NoticePageView(row, view.notice().contentHtml(), shown, pager, me.isPresent(),
                    me.isPresent() ? replyErrors : null, NoticeText.MAX);
            }));
    }

    /** The new-notice form; its language choice is the node's languages and the member's own, theirs pre-selected. */
    private void form(RoutingContext ctx, int status, Member me, FormErrors errors, String visibility, String as, String language) {
        String mine = notices.language(me);
        List<String> choices = java.util.stream.Stream.concat(config.languages().stream(), java.util.stream.Stream.of(mine)).distinct().toList();
        String chosen = language != null && choices.contains(language) ? language : mine;
        pages.render(ctx, status, "title.noticeNew", new NoticeFormView(null, errors,
            "", visibility, as, me.role().canCoordinate(), neighbourhoodName(), NoticeText.MAX, chosen, choices));
    }

    private void editForm(RoutingContext ctx, int status, NoticeService.NoticeView view, FormErrors errors, String content) {
        pages.render(ctx, status, "title.noticeEdit", new NoticeFormView(view.notice().publicId(), errors,
            content, view.notice().visibility().wire(), null, false, neighbourhoodName(), NoticeText.MAX));
    }

    // ---- forms ----

    private void publish(RoutingContext ctx, Member me) {
        String content = field(ctx, "content");
        String visibility = field(ctx, "visibility");
        String as = field(ctx, "as");
        String language = field(ctx, "language");
        Future<NoticeService.NoticeView> published = as != null && !as.equals("member") && !as.equals("neighbourhood")
            ? Future.failedFuture(Problem.invalid("as", "error.as.invalid", "as must be member or neighbourhood"))
            : notices.publish(me, content, visibility, "neighbourhood".equals(as), language == null || language.isEmpty() ? null : language);
        published.onSuccess(view -> pages.redirect(ctx, "/o/" + view.notice().publicId(), "notice.noticePublished"))
            .onFailure(err -> refused(ctx, err, p -> {
                FormErrors errors = withProblem(p, pages.messages(ctx)).withValue("content", content == null ? "" : content);
                form(ctx, p.status(), me, errors, NoticeService.audience(visibility).isPresent() ? visibility : null,
                    "neighbourhood".equals(as) ? as : null, language);
            }));
    }

    /** The reply form under a notice; the rule (who may reply, what a reply may say) is {@link NoticeService#reply}'s. */
    private void reply(RoutingContext ctx, Member me) {
        String content = field(ctx, "content");
        String id = ctx.pathParam("id");
        notices.reply(me, id, content)
            .onSuccess(r -> pages.redirect(ctx, "/o/" + id + "#replies-title", "notice.replySent"))
            .onFailure(err -> refused(ctx, err, p -> show(ctx, Optional.of(me), p.status(),
                withProblem(p, pages.messages(ctx)).withValue("content", content == null ? "" : content))));
    }

    private void edit(RoutingContext ctx, Member me) {
        String content = field(ctx, "content");
        changeable(ctx, me).onFailure(ctx::fail).onSuccess(view -> notices.edit(me, view.notice().publicId(), content)
            .onSuccess(v -> pages.redirect(ctx, "/o/" + v.notice().publicId(), "notice.noticeSaved"))
            .onFailure(err -> refused(ctx, err, p -> editForm(ctx, p.status(), view,
                withProblem(p, pages.messages(ctx)).withValue("content", content == null ? "" : content), content))));
    }

    /** The notice in the path, if this member may change it: 404 / 410 / 403 pages otherwise. */
    private Future<NoticeService.NoticeView> changeable(RoutingContext ctx, Member me) {
        return notices.read(me, ctx.pathParam("id")).compose(view -> NoticeService.canChange(me, view) ? Future.succeededFuture(view)
            : Future.failedFuture(Problem.forbidden("error.notice.notYours", "only the member who posted it can change it")));
    }

    // ---- views ----

    /** List rows with their counts, fetched for all of them in one query. */
    private Future<List<NoticeRow>> rows(List<NoticeService.NoticeView> views, Member viewer, Times times) {
        List<Long> ids = views.stream().map(v -> v.notice().id()).toList();
        return interactions.counts(ids).map(counts -> views.stream().map(v -> row(v, counts.get(v.notice().id()),
            viewer != null && NoticeService.canChange(viewer, v), times)).toList());
    }

    private NoticeRow row(NoticeService.NoticeView view, NoticeInteractions.Counts counts, boolean canChange, Times times) {
        Notice n = view.notice();
        LocalActor a = view.author();
        String name = a.displayName() == null || a.displayName().isBlank() ? a.username() : a.displayName();
        NoticeInteractions.Counts c = counts == null ? new NoticeInteractions.Counts(0, 0, 0, 0) : counts;
        return new NoticeRow(n.publicId(), name, "@" + a.username() + "@" + config.domain(), a.kind() == ActorKind.GROUP,
            times.dateTime(n.createdAt()), n.createdAt().toString(), n.visibility().wire(), excerpt(n.contentHtml()),
            c.repliesFor(canChange), c.likes(), c.announces(), n.updatedAt().isAfter(n.createdAt()), canChange);
    }

    private ReplyRow reply(NoticeInteractions.ReplyView r, Times times) {
        String h = r.actorHandle();
        String handle = h == null || h.contains("://") ? h : "@" + h;
        Instant at = r.reply().publishedAt() == null ? r.reply().receivedAt() : r.reply().publishedAt();
        if (r.member() != null) {
            String page = "/u/" + r.member().username();
            return new ReplyRow(r.actorName(), "@" + r.member().username() + "@" + config.domain(), r.reply().actorUri(), times.dateTime(at),
                NoticeText.forDisplay(r.reply().contentHtml()), null, page);
        }
        return new ReplyRow(r.actorName(), handle, r.reply().actorUri(), times.dateTime(at), NoticeText.forDisplay(r.reply().contentHtml()),
            r.reply().url());
    }


    /** The notice's text (not HTML) as it was typed: paragraphs and line breaks back to newlines. */
    static String plainText(String html) {
        String marked = html.replace("<br>", "\n").replace("</p>", "\n\n");
        return Jsoup.parse(marked).wholeText().strip();
    }

    /** Its first lines, as plain text, cut at a word near {@link #EXCERPT} characters. */
    static String excerpt(String html) {
        String text = plainText(html).replaceAll("\n{2,}", "\n");
        String[] lines = text.split("\n", -1);
        if (lines.length > 4) {
            text = String.join("\n", java.util.Arrays.copyOf(lines, 4)) + " …";
        }
        if (text.codePointCount(0, text.length()) <= EXCERPT) {
            return text;
        }
        String cut = text.substring(0, text.offsetByCodePoints(0, EXCERPT));
        int space = cut.lastIndexOf(' ');
        return (space > EXCERPT / 2 ? cut.substring(0, space) : cut) + " …";
    }

    private String neighbourhoodName() {
        return "@" + config.neighbourhoodUsername() + "@" + config.domain();
    }

    /** Service refusals about the form re-render it; anything else is the router's business. */
    private static void refused(RoutingContext ctx, Throwable err, java.util.function.Consumer<Problem> render) {
        if (err instanceof Problem p && p.field() != null) {
            render.accept(p);
        } else {
            ctx.fail(err);
        }
    }

    private static FormErrors withProblem(Problem p, Messages msg) {
        String text = WebPages.text(msg, p);
        return p.field() == null ? FormErrors.none().withGeneral(text) : FormErrors.none().withError(p.field(), text);
    }

    private static String field(RoutingContext ctx, String name) {
        return ctx.request().getFormAttribute(name);
    }
}
