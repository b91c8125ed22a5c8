package org.mutua.server.actors;

import org.mutua.config.MutuaConfig;
import org.mutua.config.RegistrationMode;
import org.mutua.federation.NodeIdentity;

/** The node's identity for the federation library, read from the configuration (which that library does not know). */
public final class ConfiguredIdentity {
    private ConfiguredIdentity() {
    }

    public static NodeIdentity of(MutuaConfig config) {
        return new NodeIdentity(config.scheme(), config.domain(), config.nodeName(), config.nodeDescription(),
            config.registrationMode() == RegistrationMode.OPEN);
    }
}
