package org.mutua.config;

/**
 * Every configuration key Mutua reads: its name in config files, its environment variable, its default and what it
 * means. docs/configuration.md is checked against this list by a test, so the two never drift apart.
 */
public enum Setting {
    DOMAIN("domain", "MUTUA_DOMAIN", "localhost:8080",
        "Public host of this node, with :port when not 443. Every id is built from scheme://domain, never from the request's Host."),
    SCHEME("scheme", "MUTUA_SCHEME", "https",
        "Public scheme: https in production; http only together with MUTUA_DEV_ALLOW_HTTP=true."),
    DEV_ALLOW_HTTP("dev.allow-http", "MUTUA_DEV_ALLOW_HTTP", "false",
        "Development only: allow the http scheme for ids and peers on loopback. Logged as a warning at start-up."),
    DEV_ALLOW_PRIVATE_ADDRESSES("dev.allow-private-addresses", "MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "false",
        "Development only: let the node fetch from and deliver to loopback and private addresses."),
    HTTP_HOST("http.host", "MUTUA_HTTP_HOST", "0.0.0.0",
        "Address the HTTP server listens on. Plain HTTP for any Host header; TLS ends at the reverse proxy."),
    HTTP_PORT("http.port", "MUTUA_HTTP_PORT", "8080",
        "Port the HTTP server listens on (0 picks a free port, for tests)."),
    HTTP_MAX_BODY_BYTES("http.max-body-bytes", "MUTUA_HTTP_MAX_BODY_BYTES", "1048576",
        "Largest request body accepted; larger ones get 413."),
    HTTP_TRUSTED_PROXIES("http.trusted-proxies", "MUTUA_HTTP_TRUSTED_PROXIES", "",
        "Comma-separated addresses or CIDR ranges of the reverse proxies in front of the node, e.g. 127.0.0.1,::1. Only a request from one of them has its client address (used only, hashed, for rate limits) read from X-Forwarded-For. Empty: X-Forwarded-For is never read."),
    HTTP_TRUST_PROXY("http.trust-proxy", "MUTUA_HTTP_TRUST_PROXY", "false",
        "Older form of http.trusted-proxies: true trusts a proxy on this machine (127.0.0.1 and ::1) when http.trusted-proxies is empty."),
    DATA_DIR("data-dir", "MUTUA_DATA_DIR", "./data",
        "Directory for the embedded PostgreSQL (data-dir/pgdata) and, by default, secrets. Survives restarts."),
    DATABASE_URL("database.url", "DATABASE_URL", "",
        "External PostgreSQL (12 or newer) as postgres://user:pass@host:port/db. Empty: start the embedded PostgreSQL in data-dir."),
    SECRETS_DIR("secrets.dir", "MUTUA_SECRETS_DIR", "",
        "Directory holding secret key material (token signing key, the embedded PostgreSQL's password). Empty: data-dir/secrets. Keep it out of backups you share."),
    NODE_NAME("node.name", "MUTUA_NODE_NAME", "Our Neighbourhood",
        "Name of the neighbourhood, shown on pages, in NodeInfo and as the neighbourhood actor's name."),
    NODE_DESCRIPTION("node.description", "MUTUA_NODE_DESCRIPTION", "Neighbours helping neighbours.",
        "One or two sentences saying what this neighbourhood is; shown on the home page and in NodeInfo."),
    NODE_LANGUAGES("node.languages", "MUTUA_NODE_LANGUAGES", "en,es",
        "Comma-separated languages offered on this node, first is the default. Shipped: en, es."),
    NODE_TIME_ZONE("node.time-zone", "MUTUA_TIME_ZONE", "UTC",
        "Time zone pages show times in (an IANA id such as Europe/Madrid), for visitors and for members who have not chosen their own."),
    NEIGHBOURHOOD_USERNAME("neighbourhood.username", "MUTUA_NEIGHBOURHOOD_USERNAME", "neighbourhood",
        "Handle of the neighbourhood's Group actor ([a-z0-9_]{1,30})."),
    REGISTRATION_MODE("registration.mode", "MUTUA_REGISTRATION_MODE", "approval",
        "Who may sign up: open (anyone), approval (a coordinator approves each sign-up) or invite (invite link only)."),
    LOGIN_MAX_FAILURES("login.max-failures", "MUTUA_LOGIN_MAX_FAILURES", "5",
        "Login tries per account before each further one must wait (1 s, 2 s, 4 s ... at most a minute; 429 with Retry-After; the right password after the wait logs in). Per client address: ten times this per login.window-minutes."),
    LOGIN_WINDOW_MINUTES("login.window-minutes", "MUTUA_LOGIN_WINDOW_MINUTES", "15",
        "An account's tries are forgotten after this many minutes without one; a client address's limit counts over this window."),
    SIGNUP_MAX_PER_CLIENT_PER_HOUR("signup.max-per-client-per-hour", "MUTUA_SIGNUP_MAX_PER_CLIENT_PER_HOUR", "5",
        "Sign-ups one client address may send per hour (valid forms only, counted before the password is hashed); more get 429 with Retry-After."),
    SIGNUP_MAX_PER_HOUR("signup.max-per-hour", "MUTUA_SIGNUP_MAX_PER_HOUR", "100",
        "Sign-ups the whole node takes per hour, from all addresses together, so a flood from many addresses cannot keep the password-hashing thread busy; more get 429 with Retry-After."),
    API_TOKEN_LIFETIME_DAYS("api.token-lifetime-days", "MUTUA_API_TOKEN_LIFETIME_DAYS", "90",
        "Days an API token from POST /api/mutua/v1/tokens stays valid (1-3650); after that it gets 401 and the member asks for a new one."),
    AUTHORIZED_FETCH("federation.authorized-fetch", "MUTUA_AUTHORIZED_FETCH", "true",
        "Require signed GETs for ActivityPub documents (unsigned actor GETs get a reduced actor)."),
    INBOX_MAX_PER_DOMAIN_PER_MINUTE("federation.inbox-max-per-domain-per-minute", "MUTUA_INBOX_MAX_PER_DOMAIN_PER_MINUTE", "6000",
        "Inbox deliveries accepted per remote domain (the signer's host) per minute; more get 429 with Retry-After."),
    FETCH_MAX_PER_DOMAIN_PER_MINUTE("federation.fetch-max-per-domain-per-minute", "MUTUA_FETCH_MAX_PER_DOMAIN_PER_MINUTE", "120",
        "Documents (actors, keys, objects) this node fetches from one registrable domain per minute; past it, fetches from that domain are refused until the minute is over."),
    DELIVERY_WORKERS("federation.delivery.workers", "MUTUA_DELIVERY_WORKERS", "16",
        "Outgoing deliveries in flight at once, over all hosts (1-256)."),
    DELIVERY_PER_HOST("federation.delivery.per-host-concurrency", "MUTUA_DELIVERY_PER_HOST_CONCURRENCY", "1",
        "Outgoing deliveries in flight at once to one host (1-8). 1 is gentlest on small servers; see docs/benchmarks.md for larger fan-outs."),
    LOG_FORMAT("log.format", "MUTUA_LOG_FORMAT", "auto",
        "auto (text when the output is a terminal, JSON otherwise), json (one JSON object per line) or text."),
    LOG_LEVEL("log.level", "MUTUA_LOG_LEVEL", "info",
        "Mutua's own log level: debug (adds a line per accepted inbox request, with its signature scheme), info or warn."),
    CONFIG_FILE("config.file", "MUTUA_CONFIG_FILE", "",
        "Optional properties file with any of these keys; environment variables override it.");

    private final String key;
    private final String env;
    private final String defaultValue;
    private final String meaning;

    Setting(String key, String env, String defaultValue, String meaning) {
        this.key = key;
        this.env = env;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    public String key() { return key; }
    public String env() { return env; }
    public String defaultValue() { return defaultValue; }
    public String meaning() { return meaning; }
}
