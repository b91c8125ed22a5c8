package org.mutua.server.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mutua.config.MutuaConfig;
import org.mutua.federation.NodeIdentity;

class ConfiguredIdentityTest {
    @Test
    void carriesTheConfiguredAddressAndWords() {
        MutuaConfig config = MutuaConfig.of(Map.of("MUTUA_DOMAIN", "aid.example", "MUTUA_NODE_NAME", "Eastside Mutual Aid",
            "MUTUA_NODE_DESCRIPTION", "Neighbourhood mutual-aid node", "MUTUA_REGISTRATION_MODE", "approval"));
        NodeIdentity identity = ConfiguredIdentity.of(config);
        assertEquals(config.baseUrl(), identity.baseUrl());
        assertEquals(config.domain(), identity.domain());
        assertEquals(config.hostname(), identity.hostname());
        assertEquals("Eastside Mutual Aid", identity.name());
        assertEquals("Neighbourhood mutual-aid node", identity.description());
        assertFalse(identity.openRegistrations());
    }

    @Test
    void hostnameDropsTheDevelopmentPortAsTheConfigurationDoes() {
        MutuaConfig config = MutuaConfig.of(Map.of("MUTUA_DOMAIN", "localhost:8080", "MUTUA_SCHEME", "http", "MUTUA_DEV_ALLOW_HTTP", "true"));
        NodeIdentity identity = ConfiguredIdentity.of(config);
        assertEquals("http://localhost:8080", identity.baseUrl());
        assertEquals("localhost", identity.hostname());
        assertEquals(config.hostname(), identity.hostname());
    }

    @Test
    void onlyOpenRegistrationIsOpen() {
        assertTrue(ConfiguredIdentity.of(MutuaConfig.of(Map.of("MUTUA_DOMAIN", "aid.example", "MUTUA_REGISTRATION_MODE", "open"))).openRegistrations());
        assertFalse(ConfiguredIdentity.of(MutuaConfig.of(Map.of("MUTUA_DOMAIN", "aid.example", "MUTUA_REGISTRATION_MODE", "invite"))).openRegistrations());
    }
}
