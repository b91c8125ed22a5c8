package org.mutua.federation.discovery;

import io.vertx.ext.web.Router;
import org.mutua.config.MutuaConfig;
import org.mutua.federation.jsonld.MutuaContext;

/** Mounts WebFinger, NodeInfo, host-meta and the Mutua context document on a server's router. All unsigned GETs. */
public final class DiscoveryRoutes {
    private final MutuaConfig config;
    private final ActorDirectory directory;
    private final NodeInfoSource nodeInfo;

    public DiscoveryRoutes(MutuaConfig config, ActorDirectory directory, NodeInfoSource nodeInfo) {
        this.config = config;
        this.directory = directory;
        this.nodeInfo = nodeInfo;
    }

    public Router mount(Router router) {
        NodeInfoHandlers nodeInfoHandlers = new NodeInfoHandlers(config, nodeInfo);
        router.get(WebFingerHandler.PATH).handler(new WebFingerHandler(config, directory));
        router.get(HostMetaHandler.PATH).handler(new HostMetaHandler(config));
        router.get(NodeInfoHandlers.WELL_KNOWN_PATH).handler(nodeInfoHandlers::wellKnown);
        router.get(NodeInfoHandlers.V21_PATH).handler(nodeInfoHandlers::version21);
        router.get(NodeInfoHandlers.V20_PATH).handler(nodeInfoHandlers::version20);
        router.get(MutuaContext.PATH).handler(new ContextDocumentHandler());
        return router;
    }
}
