package org.mutua.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** An external PostgreSQL given as postgres://user:pass@host:port/db, in the form JDBC and Hibernate want. */
public record DatabaseUrl(String host, int port, String database, String user, String password) {

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    static DatabaseUrl parse(String value) {
        URI uri;
        try {
            uri = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Setting.DATABASE_URL, "not a URL; expected postgres://user:password@host:5432/database");
        }
        if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
            throw new ConfigException(Setting.DATABASE_URL, "must start with postgres:// (got scheme '" + uri.getScheme() + "')");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new ConfigException(Setting.DATABASE_URL, "has no host; expected postgres://user:password@host:5432/database");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (path.isBlank()) {
            throw new ConfigException(Setting.DATABASE_URL, "has no database name after the host; expected postgres://user:password@host:5432/database");
        }
        String user = "postgres";
        String password = "";
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        return new DatabaseUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Never print the password. */
    @Override
    public String toString() {
        return "postgres://" + user + "@" + host + ":" + port + "/" + database;
    }
}
