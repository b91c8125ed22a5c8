package org.mutua.federation.discovery;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.mutua.federation.NodeIdentity;
import org.mutua.federation.jsonld.MutuaContext;

/**
 * NodeInfo discovery plus 2.1 and 2.0 documents (FEDERATION.md §1.4). 2.0 is kept because Mastodon serves only 2.0
 * and older crawlers read nothing else (Mastodon app/serializers/nodeinfo/serializer.rb).
 */
public final class NodeInfoHandlers {
    public static final String WELL_KNOWN_PATH = "/.well-known/nodeinfo";
    public static final String V21_PATH = "/nodeinfo/2.1";
    public static final String V20_PATH = "/nodeinfo/2.0";
    private static final String SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/";

    private final NodeIdentity identity;
    private final NodeInfoSource source;

    public NodeInfoHandlers(NodeIdentity identity, NodeInfoSource source) {
        this.identity = identity;
        this.source = source;
    }

    public void wellKnown(RoutingContext ctx) {
        JsonObject links = new JsonObject().put("links", new JsonArray()
            .add(new JsonObject().put("rel", SCHEMA + "2.1").put("href", identity.baseUrl() + V21_PATH))
            .add(new JsonObject().put("rel", SCHEMA + "2.0").put("href", identity.baseUrl() + V20_PATH)));
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
            .putHeader("Access-Control-Allow-Origin", "*").end(links.encode());
    }

    public void version21(RoutingContext ctx) {
        respond(ctx, "2.1");
    }

    public void version20(RoutingContext ctx) {
        respond(ctx, "2.0");
    }

    private void respond(RoutingContext ctx, String version) {
        source.usage().onComplete(result -> {
            if (result.failed()) {
                JsonErrors.send(ctx, 503, "usage figures are unavailable; try again shortly");
                return;
            }
            ctx.response()
                .putHeader("Content-Type", "application/json; profile=\"" + SCHEMA + version + "#\"")
                .putHeader("Access-Control-Allow-Origin", "*")
                .end(document(version, result.result()).encode());
        });
    }

    JsonObject document(String version, NodeInfoUsage usage) {
        NodeSoftware sw = source.software();
        JsonObject software = new JsonObject().put("name", sw.name()).put("version", sw.version());
        if (version.equals("2.1")) { // 2.0's schema forbids these two
            if (sw.repository() != null) {
                software.put("repository", sw.repository());
            }
            if (sw.homepage() != null) {
                software.put("homepage", sw.homepage());
            }
        }
        JsonObject users = new JsonObject();
        putRounded(users, "total", usage.totalUsers());
        putRounded(users, "activeMonth", usage.activeMonth());
        putRounded(users, "activeHalfyear", usage.activeHalfyear());
        JsonObject usageJson = new JsonObject().put("users", users);
        putRounded(usageJson, "localPosts", usage.localPosts());

        JsonObject mutua = new JsonObject()
            .put("profile", MutuaContext.PROFILE)
            .put("namespace", MutuaContext.NAMESPACE)
            .put("contextVersion", 1);
        source.neighbourhoodActorId().ifPresent(id -> mutua.put("neighbourhood", id));
        mutua.put("features", new JsonArray(source.features()));

        return new JsonObject()
            .put("version", version)
            .put("software", software)
            .put("protocols", new JsonArray().add("activitypub"))
            .put("services", new JsonObject().put("inbound", new JsonArray()).put("outbound", new JsonArray()))
            .put("openRegistrations", identity.openRegistrations())
            .put("usage", usageJson)
            .put("metadata", new JsonObject()
                .put("nodeName", identity.name())
                .put("nodeDescription", identity.description())
                .put("mutua", mutua));
    }

    /** Nearest 10, so small nodes do not reveal exact membership (§1.4). */
    static long roundToTen(long n) {
        return Math.round(n / 10.0) * 10;
    }

    private static void putRounded(JsonObject target, String key, Long value) {
        if (value != null) {
            target.put(key, roundToTen(Math.max(0, value)));
        }
    }
}
