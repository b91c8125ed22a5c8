package org.mutua.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;
import org.mutua.server.problems.Problem;

/**
 * Paging of JSON list endpoints, one shape for all: {"totalItems": n, "items": [...], "next": URL or null}; default
 * page 100, {@code ?limit=} up to 1000. Web pages number their pages instead ({@link #webPage}).
 */
public record ListPage(int offset, int limit) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** Pages of web lists ({@code ?page=N}) go this far; past it a list is better searched than paged through. */
    public static final int MAX_WEB_PAGE = 10_000;

    /** The 1-based page number of a web list, {@code ?page=} (1 without it); anything else is a 400 a person can read. */
    public static int webPage(RoutingContext ctx) {
        return number(ctx, "page", 1, MAX_WEB_PAGE, 1, "error.page");
    }

    /** Pages of ActivityPub collections ({@code ?page=N} on followers, outbox) go this far. */
    public static final int MAX_COLLECTION_PAGE = 100_000;

    /**
     * The 1-based page an ActivityPub collection was asked for, or 0 for the collection itself (no {@code ?page=});
     * anything but a whole number from 1 to {@link #MAX_COLLECTION_PAGE} is a 400 that says so (one rule for every
     * collection, so no page number overflows an offset).
     */
    public static int collectionPage(RoutingContext ctx) {
        return number(ctx, "page", 1, MAX_COLLECTION_PAGE, 0, "error.paging");
    }

    public static ListPage of(RoutingContext ctx) {
        return new ListPage(number(ctx, "offset", 0, Integer.MAX_VALUE, 0, "error.paging"),
            number(ctx, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT, "error.paging"));
    }

    private static int number(RoutingContext ctx, String name, int min, int max, int fallback, String code) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw Problem.invalid(name, code, name + " must be a whole number from " + min + " to " + max);
        }
    }

    public <T> JsonObject render(String baseUrl, RoutingContext ctx, long total, List<T> items, Function<T, JsonObject> item) {
        JsonArray array = new JsonArray();
        items.forEach(i -> array.add(item.apply(i)));
        String next = null;
        if (offset + items.size() < total) {
            StringBuilder url = new StringBuilder(baseUrl).append(ctx.request().path()).append("?offset=").append(offset + items.size())
                .append("&limit=").append(limit);
            ctx.queryParams().forEach(e -> {
                if (!e.getKey().equals("offset") && !e.getKey().equals("limit")) {
                    url.append('&').append(java.net.URLEncoder.encode(e.getKey(), java.nio.charset.StandardCharsets.UTF_8))
                        .append('=').append(java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8));
                }
            });
            next = url.toString();
        }
        return new JsonObject().put("totalItems", total).put("items", array).put("next", next);
    }
}
