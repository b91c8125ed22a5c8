package org.mutua.federation.discovery;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.mutua.federation.NodeIdentity;

/** {@code /.well-known/host-meta}: XRD with the WebFinger lrdd template (Mastodon app/views/well_known/host_meta). */
public final class HostMetaHandler implements Handler<RoutingContext> {
    public static final String PATH = "/.well-known/host-meta";

    private final String body;

    public HostMetaHandler(NodeIdentity identity) {
        String template = xmlAttribute(identity.baseUrl() + WebFingerHandler.PATH + "?resource={uri}");
        this.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n"
            + "  <Link rel=\"lrdd\" template=\"" + template + "\"/>\n"
            + "</XRD>\n";
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/xrd+xml; charset=utf-8")
            .putHeader("Access-Control-Allow-Origin", "*").end(body);
    }

    private static String xmlAttribute(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}
