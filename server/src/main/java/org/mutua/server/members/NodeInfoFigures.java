package org.mutua.server.members;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.mutua.config.MutuaConfig;
import org.mutua.federation.discovery.NodeInfoSource;
import org.mutua.federation.discovery.NodeInfoUsage;
import org.mutua.federation.discovery.NodeSoftware;
import org.mutua.server.actors.ActorKind;
import org.mutua.server.actors.Uris;

/** What this node tells NodeInfo crawlers: software, member count (rounded by the library) and the neighbourhood. */
public final class NodeInfoFigures implements NodeInfoSource {
    public static final String VERSION = "0.1.0";

    private final MutuaConfig config;
    private final MemberService members;
    private final Uris uris;

    public NodeInfoFigures(MutuaConfig config, MemberService members, Uris uris) {
        this.config = config;
        this.members = members;
        this.uris = uris;
    }

    @Override
    public Future<NodeInfoUsage> usage() {
        // Activity figures are not tracked yet; left out rather than invented.
        return members.countActive().map(total -> new NodeInfoUsage(total, null, null, 0L));
    }

    @Override
    public NodeSoftware software() {
        return new NodeSoftware("mutua", VERSION, null, null);
    }

    @Override
    public Optional<String> neighbourhoodActorId() {
        return Optional.of(uris.actor(ActorKind.GROUP, config.neighbourhoodUsername()));
    }

    @Override
    public List<String> features() {
        return List.of();
    }
}
