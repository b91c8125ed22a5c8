package org.mutua.server.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.mutua.federation.inbox.InboxRefusal;
import org.mutua.server.problems.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's last resort: every failure becomes an answer a person or a script can act on, JSON for the API and
 * ActivityPub, an HTML page for browsers. Unexpected errors are logged with the path only (never bodies) and answered
 * 500 without details, and the verticle keeps serving.
 */
public final class ErrorResponses implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    /** Renders the HTML error page; supplied by the web pages so this class knows nothing of templates. */
    public interface HtmlErrorPage {
        void render(RoutingContext ctx, int status, String code, String englishMessage);
    }

    private final long maxBodyBytes;
    private HtmlErrorPage htmlPage;

    public ErrorResponses(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    public void useHtmlPage(HtmlErrorPage page) {
        this.htmlPage = page;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        Throwable failure = ctx.failure();
        Problem problem = failure instanceof Problem p ? p
            : failure instanceof InboxRefusal r ? new Problem(r.status(), null, "error.signature", r.getMessage())
            : fromStatus(ctx.statusCode());
        if (problem == null) {
            LOG.error("unexpected error on {} {}", ctx.request().method(), ctx.normalizedPath(), failure);
            problem = new Problem(500, null, "error.server", "something went wrong on our side; please try again later");
        }
        send(ctx, problem);
    }

    public void send(RoutingContext ctx, Problem problem) {
        if (ctx.response().ended()) {
            return;
        }
        if (problem.status() == 429) {
            ctx.response().putHeader("Retry-After", problem.retryAfter().map(ErrorResponses::seconds).orElse("60"));
        }
        if (wantsHtml(ctx) && htmlPage != null) {
            htmlPage.render(ctx, problem.status(), problem.code(), problem.getMessage());
            return;
        }
        JsonObject body = new JsonObject().put("error", problem.getMessage()).put("code", problem.code());
        if (problem.field() != null) {
            body.put("field", problem.field());
        }
        if (problem.each().size() > 1) {
            io.vertx.core.json.JsonArray all = new io.vertx.core.json.JsonArray();
            problem.each().forEach(p -> all.add(new JsonObject().put("field", p.field()).put("code", p.code()).put("error", p.getMessage())));
            body.put("errors", all);
        }
        ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
    }

    /** Whole seconds, rounded up, never 0: a client told "0" would retry at once. */
    public static String seconds(java.time.Duration wait) {
        long ms = Math.max(1, wait.toMillis());
        return String.valueOf((ms + 999) / 1000);
    }

    private Problem fromStatus(int status) {
        return switch (status) {
            case 400 -> Problem.invalid(null, "error.badRequest", "the request could not be read");
            case 401 -> Problem.unauthorized("error.unauthorized", "log in first");
            case 403 -> Problem.forbidden("error.forbidden", "you may not do this");
            case 404 -> Problem.notFound("error.notFound", "there is nothing at this address");
            case 405 -> new Problem(405, null, "error.methodNotAllowed", "this address does not accept that method");
            case 413 -> new Problem(413, null, "error.tooLarge", "the request is too large; the limit is " + maxBodyBytes + " bytes");
            case 415 -> new Problem(415, null, "error.unsupportedMediaType", "send application/json or a form");
            default -> null;
        };
    }

    static boolean wantsHtml(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path.startsWith("/api/") || path.startsWith("/.well-known/") || path.startsWith("/nodeinfo") || path.startsWith("/health")) {
            return false;
        }
        String accept = ctx.request().getHeader("Accept");
        return accept != null && accept.contains("text/html");
    }
}
