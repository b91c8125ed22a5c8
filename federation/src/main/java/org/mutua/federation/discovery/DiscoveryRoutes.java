package org.mutua.federation.discovery;

import io.vertx.ext.web.Router;
import org.mutua.federation.NodeIdentity;
import org.mutua.federation.jsonld.MutuaContext;

/** Mounts WebFinger, NodeInfo, host-meta and the Mutua context document on a server's router. All unsigned GETs. */
public final class DiscoveryRoutes {
    private final NodeIdentity identity;
    private final ActorDirectory directory;
    private final NodeInfoSource nodeInfo;

    public DiscoveryRoutes(NodeIdentity identity, ActorDirectory directory, NodeInfoSource nodeInfo) {
        this.identity = identity;
        this.directory = directory;
        this.nodeInfo = nodeInfo;
    }

    public Router mount(Router router) {
        NodeInfoHandlers nodeInfoHandlers = new NodeInfoHandlers(identity, nodeInfo);
        router.get(WebFingerHandler.PATH).handler(new WebFingerHandler(identity, directory));
        router.get(HostMetaHandler.PATH).handler(new HostMetaHandler(identity));
        router.get(NodeInfoHandlers.WELL_KNOWN_PATH).handler(nodeInfoHandlers::wellKnown);
        router.get(NodeInfoHandlers.V21_PATH).handler(nodeInfoHandlers::version21);
        router.get(NodeInfoHandlers.V20_PATH).handler(nodeInfoHandlers::version20);
        router.get(MutuaContext.PATH).handler(new ContextDocumentHandler());
        return router;
    }
}
