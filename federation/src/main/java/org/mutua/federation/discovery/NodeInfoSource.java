package org.mutua.federation.discovery;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Implemented by the server: what NodeInfo reports. {@link #usage()} runs on the event loop and must not block. */
public interface NodeInfoSource {
    Future<NodeInfoUsage> usage();

    NodeSoftware software();

    /** The neighbourhood group's actor id, for {@code metadata.mutua.neighbourhood}. */
    Optional<String> neighbourhoodActorId();

    /** {@code metadata.mutua.features}, e.g. requests, offers, fep-0837. */
    List<String> features();
}
