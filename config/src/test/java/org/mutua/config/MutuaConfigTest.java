package org.mutua.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MutuaConfigTest {

    @Test
    void defaultsAreSafeForProduction() {
        MutuaConfig c = MutuaConfig.load(Map.of());
        assertEquals("https", c.scheme());
        assertEquals(8080, c.httpPort());
        assertEquals(RegistrationMode.APPROVAL, c.registrationMode());
        assertTrue(c.authorizedFetch());
        assertFalse(c.devAllowPrivateAddresses());
        assertTrue(c.databaseUrl().isEmpty());
        assertEquals(c.dataDir().resolve("secrets"), c.secretsDir());
        assertEquals("neighbourhood", c.neighbourhoodUsername());
    }

    @Test
    void environmentOverridesDefaults() {
        MutuaConfig c = MutuaConfig.load(Map.of("MUTUA_DOMAIN", "Aid.Example", "MUTUA_HTTP_PORT", "9000",
            "MUTUA_REGISTRATION_MODE", "invite", "MUTUA_NODE_LANGUAGES", "es, en"));
        assertEquals("aid.example", c.domain());
        assertEquals("https://aid.example", c.baseUrl());
        assertEquals(9000, c.httpPort());
        assertEquals(RegistrationMode.INVITE, c.registrationMode());
        assertEquals("es", c.defaultLanguage());
    }

    @Test
    void signUpLimitsHaveDefaultsAndRefuseZero() {
        MutuaConfig c = MutuaConfig.load(Map.of());
        assertEquals(5, c.signupMaxPerClientPerHour());
        assertEquals(100, c.signupMaxPerHour());
        MutuaConfig set = MutuaConfig.load(Map.of("MUTUA_SIGNUP_MAX_PER_CLIENT_PER_HOUR", "2", "MUTUA_SIGNUP_MAX_PER_HOUR", "30"));
        assertEquals(2, set.signupMaxPerClientPerHour());
        assertEquals(30, set.signupMaxPerHour());
        ConfigException e = assertThrows(ConfigException.class, () -> MutuaConfig.load(Map.of("MUTUA_SIGNUP_MAX_PER_CLIENT_PER_HOUR", "0")));
        assertTrue(e.getMessage().contains("MUTUA_SIGNUP_MAX_PER_CLIENT_PER_HOUR"), e.getMessage());
    }

    @Test
    void httpNeedsTheExplicitDevelopmentFlag() {
        ConfigException e = assertThrows(ConfigException.class, () -> MutuaConfig.load(Map.of("MUTUA_SCHEME", "http")));
        assertTrue(e.getMessage().startsWith("MUTUA_SCHEME"), e.getMessage());
        assertTrue(e.getMessage().contains("MUTUA_DEV_ALLOW_HTTP"), e.getMessage());
        MutuaConfig ok = MutuaConfig.load(Map.of("MUTUA_SCHEME", "http", "MUTUA_DEV_ALLOW_HTTP", "true", "MUTUA_DOMAIN", "localhost:8080"));
        assertEquals("http://localhost:8080", ok.baseUrl());
        assertEquals("localhost", ok.hostname());
    }

    @Test
    void eachInvalidValueIsNamedInOneLine() {
        Map<String, String> bad = Map.of(
            "MUTUA_HTTP_PORT", "eighty",
            "MUTUA_DOMAIN", "https://aid.example",
            "MUTUA_REGISTRATION_MODE", "everyone",
            "MUTUA_NODE_LANGUAGES", "en,klingon",
            "MUTUA_NEIGHBOURHOOD_USERNAME", "Bad Name",
            "DATABASE_URL", "mysql://x@y/z",
            "MUTUA_AUTHORIZED_FETCH", "yes",
            "MUTUA_LOG_FORMAT", "xml",
            "MUTUA_LOG_LEVEL", "loud");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            ConfigException ex = assertThrows(ConfigException.class, () -> MutuaConfig.load(Map.of(e.getKey(), e.getValue())), e.getKey());
            assertTrue(ex.getMessage().startsWith(e.getKey() + " "), ex.getMessage());
            assertFalse(ex.getMessage().contains("\n"), ex.getMessage());
        }
    }

    @Test
    void databaseUrlIsParsedAndItsPasswordNeverPrinted() {
        MutuaConfig c = MutuaConfig.load(Map.of("DATABASE_URL", "postgres://mutua:s%40cret@db:5433/aid"));
        DatabaseUrl db = c.databaseUrl().orElseThrow();
        assertEquals("jdbc:postgresql://db:5433/aid", db.jdbcUrl());
        assertEquals("mutua", db.user());
        assertEquals("s@cret", db.password());
        assertFalse(db.toString().contains("cret"));
        assertThrows(ConfigException.class, () -> MutuaConfig.load(Map.of("DATABASE_URL", "postgres://db:5432/")));
    }

    @Test
    void configFileIsReadAndEnvironmentWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mutua.properties");
        Files.writeString(file, "node.name=Eastside\nhttp.port=7000\n");
        MutuaConfig c = MutuaConfig.load(Map.of("MUTUA_CONFIG_FILE", file.toString(), "MUTUA_HTTP_PORT", "7001"));
        assertEquals("Eastside", c.nodeName());
        assertEquals(7001, c.httpPort());
        Files.writeString(file, "no.such.key=1\n");
        ConfigException e = assertThrows(ConfigException.class, () -> MutuaConfig.load(Map.of("MUTUA_CONFIG_FILE", file.toString())));
        assertTrue(e.getMessage().contains("no.such.key"));
    }

    @Test
    void everySettingIsDocumented() throws Exception {
        Path doc = Path.of("..", "docs", "configuration.md");
        String text = Files.readString(doc);
        Arrays.stream(Setting.values()).forEach(s -> {
            assertTrue(text.contains("`" + s.env() + "`"), "docs/configuration.md lacks " + s.env());
            assertTrue(text.contains("`" + s.key() + "`"), "docs/configuration.md lacks " + s.key());
        });
    }

    @Test
    void theFetchBudgetPerDomainIsASettingWithAFloorOfOne() {
        assertEquals(120, MutuaConfig.of(Map.of()).fetchMaxPerDomainPerMinute());
        assertEquals(5, MutuaConfig.of(Map.of("MUTUA_FETCH_MAX_PER_DOMAIN_PER_MINUTE", "5")).fetchMaxPerDomainPerMinute());
        for (String bad : new String[] {"0", "-3", "many"}) {
            ConfigException e = assertThrows(ConfigException.class,
                () -> MutuaConfig.of(Map.of("MUTUA_FETCH_MAX_PER_DOMAIN_PER_MINUTE", bad)));
            assertTrue(e.getMessage().contains("MUTUA_FETCH_MAX_PER_DOMAIN_PER_MINUTE"), e.getMessage());
        }
    }

    @Test
    void trustedProxiesAreAddressesOrRangesAndOffByDefault() throws Exception {
        assertTrue(MutuaConfig.of(Map.of()).trustedProxies().isEmpty(), "X-Forwarded-For is never read by default");
        var proxies = MutuaConfig.of(Map.of("MUTUA_HTTP_TRUSTED_PROXIES", "127.0.0.1, 172.16.0.0/12,::1")).trustedProxies();
        assertEquals(3, proxies.size());
        assertTrue(proxies.get(1).contains(java.net.InetAddress.getByName("172.18.0.1")));
        assertFalse(proxies.get(1).contains(java.net.InetAddress.getByName("172.32.0.1")));
        assertFalse(proxies.get(0).contains(java.net.InetAddress.getByName("127.0.0.2")));
        assertTrue(proxies.get(2).contains(java.net.InetAddress.getByName("::1")));
        assertFalse(proxies.get(2).contains(java.net.InetAddress.getByName("127.0.0.1")), "families never match each other");
        var legacy = MutuaConfig.of(Map.of("MUTUA_HTTP_TRUST_PROXY", "true")).trustedProxies();
        assertEquals("[127.0.0.1, ::1]", legacy.toString(), "the older true trusts only a proxy on this machine");
        for (String bad : new String[] {"proxy.example", "10.0.0.0/33", "10.0.0.0/x", "*"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> MutuaConfig.of(Map.of("MUTUA_HTTP_TRUSTED_PROXIES", bad)));
            assertTrue(e.getMessage().contains("MUTUA_HTTP_TRUSTED_PROXIES"), e.getMessage());
        }
    }

    @Test
    void logFormatAutoIsTextOnATerminalAndJsonOtherwise() {
        MutuaConfig auto = MutuaConfig.of(Map.of());
        assertEquals("auto", auto.logFormat());
        assertEquals("text", auto.logFormat(true));
        assertEquals("json", auto.logFormat(false));
        MutuaConfig json = MutuaConfig.of(Map.of("MUTUA_LOG_FORMAT", "json"));
        assertEquals("json", json.logFormat(true), "asked for JSON, a terminal gets JSON");
        assertEquals("text", MutuaConfig.of(Map.of("MUTUA_LOG_FORMAT", "text")).logFormat(false));
    }
    void tokensLastNinetyDaysAndTimesAreUtcUnlessSet() {
        MutuaConfig c = MutuaConfig.of(Map.of());
        assertEquals(java.time.Duration.ofDays(90), c.apiTokenLifetime());
        assertEquals(java.time.ZoneId.of("UTC"), c.timeZone());
        MutuaConfig set = MutuaConfig.of(Map.of("MUTUA_API_TOKEN_LIFETIME_DAYS", "7", "MUTUA_TIME_ZONE", "Europe/Madrid"));
        assertEquals(java.time.Duration.ofDays(7), set.apiTokenLifetime());
        assertEquals(java.time.ZoneId.of("Europe/Madrid"), set.timeZone());
        for (Map.Entry<String, String> bad : Map.of("MUTUA_API_TOKEN_LIFETIME_DAYS", "0", "MUTUA_TIME_ZONE", "Mars/Olympus").entrySet()) {
            ConfigException e = assertThrows(ConfigException.class, () -> MutuaConfig.of(Map.of(bad.getKey(), bad.getValue())));
            assertTrue(e.getMessage().startsWith(bad.getKey() + " "), e.getMessage());
        }
    }
}
