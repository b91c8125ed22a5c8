package org.mutua.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The node's typed configuration. Values come from the defaults in {@link Setting}, then an optional properties file
 * ({@code MUTUA_CONFIG_FILE}), then environment variables. Everything is validated here, once, so the rest of the
 * code can trust it; a bad value stops start-up with a {@link ConfigException} naming the key.
 */
public final class MutuaConfig {
    public static final List<String> SHIPPED_LANGUAGES = List.of("en", "es");

    private static final Pattern DOMAIN = Pattern.compile("^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?(:[0-9]{1,5})?$");
    private static final Pattern USERNAME = Pattern.compile("^[a-z0-9_]{1,30}$");

    private final Map<Setting, String> raw;
    private final String domain;
    private final String scheme;
    private final boolean devAllowHttp;
    private final boolean devAllowPrivateAddresses;
    private final String httpHost;
    private final int httpPort;
    private final long maxBodyBytes;
    private final List<AddressRange> trustedProxies;
    private final Path dataDir;
    private final Optional<DatabaseUrl> databaseUrl;
    private final Path secretsDir;
    private final String nodeName;
    private final String nodeDescription;
    private final List<String> languages;
    private final String neighbourhoodUsername;
    private final RegistrationMode registrationMode;
    private final int loginMaxFailures;
    private final int loginWindowMinutes;
    private final int signupMaxPerClientPerHour;
    private final int signupMaxPerHour;
    private final java.time.ZoneId timeZone;
    private final int apiTokenLifetimeDays;
    private final boolean authorizedFetch;
    private final String logFormat;
    private final String logLevel;
    private final int inboxMaxPerDomainPerMinute;
    private final int fetchMaxPerDomainPerMinute;
    private final int deliveryWorkers;
    private final int deliveryPerHostConcurrency;

    private MutuaConfig(Map<Setting, String> raw) {
        this.raw = raw;
        this.devAllowHttp = bool(Setting.DEV_ALLOW_HTTP);
        this.devAllowPrivateAddresses = bool(Setting.DEV_ALLOW_PRIVATE_ADDRESSES);
        this.scheme = oneOf(Setting.SCHEME, "https", "http");
        if (scheme.equals("http") && !devAllowHttp) {
            throw new ConfigException(Setting.SCHEME, "http is for development only; set MUTUA_DEV_ALLOW_HTTP=true too, or use https behind a TLS proxy");
        }
        String d = get(Setting.DOMAIN).toLowerCase(Locale.ROOT);
        if (d.contains("://")) {
            throw new ConfigException(Setting.DOMAIN, "must be a host name such as aid.example (without https://), got '" + d + "'");
        }
        if (!DOMAIN.matcher(d).matches()) {
            throw new ConfigException(Setting.DOMAIN, "must be a host name with an optional :port, such as aid.example or localhost:8080, got '" + d + "'");
        }
        if (d.contains(":")) {
            int p = Integer.parseInt(d.substring(d.indexOf(':') + 1));
            if (p < 1 || p > 65535) {
                throw new ConfigException(Setting.DOMAIN, "port must be between 1 and 65535, got " + p);
            }
        }
        this.domain = d;
        this.httpHost = nonBlank(Setting.HTTP_HOST);
        this.httpPort = integer(Setting.HTTP_PORT, 0, 65535);
        this.maxBodyBytes = integer(Setting.HTTP_MAX_BODY_BYTES, 1024, 64 * 1024 * 1024);
        this.trustedProxies = parseTrustedProxies();
        this.dataDir = Path.of(nonBlank(Setting.DATA_DIR)).toAbsolutePath().normalize();
        String db = get(Setting.DATABASE_URL);
        this.databaseUrl = db.isBlank() ? Optional.empty() : Optional.of(DatabaseUrl.parse(db));
        String secrets = get(Setting.SECRETS_DIR);
        this.secretsDir = secrets.isBlank() ? dataDir.resolve("secrets") : Path.of(secrets).toAbsolutePath().normalize();
        this.nodeName = bounded(Setting.NODE_NAME, 100);
        this.nodeDescription = bounded(Setting.NODE_DESCRIPTION, 500);
        this.languages = parseLanguages();
        String hood = get(Setting.NEIGHBOURHOOD_USERNAME);
        if (!USERNAME.matcher(hood).matches()) {
            throw new ConfigException(Setting.NEIGHBOURHOOD_USERNAME, "must be 1 to 30 of a-z, 0-9 and _, got '" + hood + "'");
        }
        this.neighbourhoodUsername = hood;
        this.registrationMode = RegistrationMode.valueOf(oneOf(Setting.REGISTRATION_MODE, "open", "approval", "invite").toUpperCase(Locale.ROOT));
        this.loginMaxFailures = integer(Setting.LOGIN_MAX_FAILURES, 1, 1000);
        this.loginWindowMinutes = integer(Setting.LOGIN_WINDOW_MINUTES, 1, 24 * 60);
        this.signupMaxPerClientPerHour = integer(Setting.SIGNUP_MAX_PER_CLIENT_PER_HOUR, 1, 10_000);
        this.signupMaxPerHour = integer(Setting.SIGNUP_MAX_PER_HOUR, 1, 1_000_000);
        this.timeZone = zone(Setting.NODE_TIME_ZONE);
        this.apiTokenLifetimeDays = integer(Setting.API_TOKEN_LIFETIME_DAYS, 1, 3650);
        this.authorizedFetch = bool(Setting.AUTHORIZED_FETCH);
        this.logFormat = oneOf(Setting.LOG_FORMAT, "auto", "json", "text");
        this.logLevel = oneOf(Setting.LOG_LEVEL, "debug", "info", "warn");
        this.inboxMaxPerDomainPerMinute = integer(Setting.INBOX_MAX_PER_DOMAIN_PER_MINUTE, 1, 1_000_000);
        this.fetchMaxPerDomainPerMinute = integer(Setting.FETCH_MAX_PER_DOMAIN_PER_MINUTE, 1, 1_000_000);
        this.deliveryWorkers = integer(Setting.DELIVERY_WORKERS, 1, 256);
        this.deliveryPerHostConcurrency = integer(Setting.DELIVERY_PER_HOST, 1, 8);
    }

    /** Loads from the process environment. */
    public static MutuaConfig fromEnvironment() {
        return load(System.getenv());
    }

    /** Loads from the given environment (tests pass their own map). */
    public static MutuaConfig load(Map<String, String> env) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            values.put(s, s.defaultValue());
        }
        String file = env.getOrDefault(Setting.CONFIG_FILE.env(), "");
        if (!file.isBlank()) {
            values.putAll(readFile(Path.of(file)));
        }
        for (Setting s : Setting.values()) {
            String v = env.get(s.env());
            if (v != null) {
                values.put(s, v);
            }
        }
        return new MutuaConfig(values);
    }

    /** Builds a config from defaults plus the given overrides keyed by environment variable name. */
    public static MutuaConfig of(Map<String, String> overrides) {
        return load(overrides);
    }

    private static Map<Setting, String> readFile(Path path) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException(Setting.CONFIG_FILE, "cannot read '" + path + "': " + e.getMessage());
        }
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (String name : p.stringPropertyNames()) {
            Setting s = Arrays.stream(Setting.values()).filter(x -> x.key().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigException(Setting.CONFIG_FILE, "unknown key '" + name + "' in " + path + " (see docs/configuration.md)"));
            values.put(s, p.getProperty(name));
        }
        return values;
    }

    private String get(Setting s) {
        return raw.get(s).trim();
    }

    private String nonBlank(Setting s) {
        String v = get(s);
        if (v.isEmpty()) {
            throw new ConfigException(s, "must not be empty");
        }
        return v;
    }

    private String bounded(Setting s, int max) {
        String v = nonBlank(s);
        if (v.length() > max) {
            throw new ConfigException(s, "must be at most " + max + " characters, got " + v.length());
        }
        return v;
    }

    private boolean bool(Setting s) {
        String v = get(s).toLowerCase(Locale.ROOT);
        if (v.equals("true")) return true;
        if (v.equals("false")) return false;
        throw new ConfigException(s, "must be true or false, got '" + get(s) + "'");
    }

    private int integer(Setting s, int min, int max) {
        String v = get(s);
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(s, "must be a whole number between " + min + " and " + max + ", got '" + v + "'");
        }
        if (n < min || n > max) {
            throw new ConfigException(s, "must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    private String oneOf(Setting s, String... allowed) {
        String v = get(s).toLowerCase(Locale.ROOT);
        if (!Arrays.asList(allowed).contains(v)) {
            throw new ConfigException(s, "must be one of " + String.join(", ", allowed) + ", got '" + get(s) + "'");
        }
        return v;
    }

    private java.time.ZoneId zone(Setting s) {
        try {
            return java.time.ZoneId.of(get(s).trim());
        } catch (java.time.DateTimeException e) {
            throw new ConfigException(s, "must be a time zone id such as UTC or Europe/Madrid, got '" + get(s) + "'");
        }
    }

    private List<String> parseLanguages() {
        List<String> langs = Arrays.stream(get(Setting.NODE_LANGUAGES).split(","))
            .map(String::trim).map(x -> x.toLowerCase(Locale.ROOT)).filter(x -> !x.isEmpty()).distinct().toList();
        if (langs.isEmpty()) {
            throw new ConfigException(Setting.NODE_LANGUAGES, "must name at least one language of " + SHIPPED_LANGUAGES);
        }
        for (String l : langs) {
            if (!SHIPPED_LANGUAGES.contains(l)) {
                throw new ConfigException(Setting.NODE_LANGUAGES, "'" + l + "' is not shipped; choose from " + SHIPPED_LANGUAGES);
            }
        }
        return langs;
    }

    private List<AddressRange> parseTrustedProxies() {
        List<String> listed = Arrays.stream(get(Setting.HTTP_TRUSTED_PROXIES).split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        boolean legacy = bool(Setting.HTTP_TRUST_PROXY);
        if (listed.isEmpty() && legacy) {
            listed = List.of("127.0.0.1", "::1");
        }
        try {
            return listed.stream().map(AddressRange::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Setting.HTTP_TRUSTED_PROXIES, e.getMessage() + " (list addresses such as 127.0.0.1 or ranges such as 172.16.0.0/12)");
        }
    }

    /** scheme://domain, the base of every id the node emits. */
    public String baseUrl() { return scheme + "://" + domain; }
    /** The host part of the domain, without the port. */
    public String hostname() { int c = domain.indexOf(':'); return c < 0 ? domain : domain.substring(0, c); }
    public String domain() { return domain; }
    public String scheme() { return scheme; }
    public boolean secure() { return scheme.equals("https"); }
    public boolean devAllowHttp() { return devAllowHttp; }
    public boolean devAllowPrivateAddresses() { return devAllowPrivateAddresses; }
    public String httpHost() { return httpHost; }
    public int httpPort() { return httpPort; }
    public long maxBodyBytes() { return maxBodyBytes; }
    /** The reverse proxies whose X-Forwarded-For is believed; empty: none. */
    public List<AddressRange> trustedProxies() { return trustedProxies; }
    public Path dataDir() { return dataDir; }
    public Optional<DatabaseUrl> databaseUrl() { return databaseUrl; }
    public Path secretsDir() { return secretsDir; }
    public String nodeName() { return nodeName; }
    public String nodeDescription() { return nodeDescription; }
    public List<String> languages() { return languages; }
    public String defaultLanguage() { return languages.get(0); }
    public String neighbourhoodUsername() { return neighbourhoodUsername; }
    public RegistrationMode registrationMode() { return registrationMode; }
    public int loginMaxFailures() { return loginMaxFailures; }
    public int loginWindowMinutes() { return loginWindowMinutes; }
    public int signupMaxPerClientPerHour() { return signupMaxPerClientPerHour; }
    public int signupMaxPerHour() { return signupMaxPerHour; }
    public java.time.ZoneId timeZone() { return timeZone; }
    public java.time.Duration apiTokenLifetime() { return java.time.Duration.ofDays(apiTokenLifetimeDays); }
    public boolean authorizedFetch() { return authorizedFetch; }
    /** auto, json or text, as set; see {@link #logFormat(boolean)}. */
    public String logFormat() { return logFormat; }
    /** json or text: auto is text when the output is a terminal, JSON otherwise (a journal, a file, a container). */
    public String logFormat(boolean terminal) { return logFormat.equals("auto") ? (terminal ? "text" : "json") : logFormat; }
    public String logLevel() { return logLevel; }
    public int inboxMaxPerDomainPerMinute() { return inboxMaxPerDomainPerMinute; }
    public int fetchMaxPerDomainPerMinute() { return fetchMaxPerDomainPerMinute; }
    public int deliveryWorkers() { return deliveryWorkers; }
    public int deliveryPerHostConcurrency() { return deliveryPerHostConcurrency; }
}
