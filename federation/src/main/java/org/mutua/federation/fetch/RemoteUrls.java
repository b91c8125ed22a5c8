package org.mutua.federation.fetch;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The one normal form for remote URLs, so every host comparison is exact (FEDERATION.md §6 row 14): scheme https
 * (http only when allowed, §1.5), no userinfo ({@code https://aid.example@evil.example/}), host lowercase, IDNA to
 * ASCII, one trailing dot removed, default port dropped, fragment dropped (it is never sent over HTTP).
 */
public final class RemoteUrls {
    private static final int MAX_URL = 2048;

    private RemoteUrls() {
    }

    /** @throws FetchException "bad-url", "bad-scheme", "userinfo" or "bad-host" */
    public static URI normalize(URI url, boolean allowHttp) {
        return normalize(url, allowHttp, false);
    }

    /** Like {@link #normalize(URI, boolean)} but keeps the fragment: for comparing ids such as key ids. */
    public static URI normalizeKeepingFragment(URI url, boolean allowHttp) {
        return normalize(url, allowHttp, true);
    }

    public static URI parse(String url, boolean allowHttp) {
        if (url == null || url.length() > MAX_URL) {
            throw new FetchException("bad-url");
        }
        try {
            return normalizeKeepingFragment(new URI(url), allowHttp);
        } catch (URISyntaxException e) {
            throw new FetchException("bad-url");
        }
    }

    private static URI normalize(URI url, boolean allowHttp, boolean keepFragment) {
        if (url == null || !url.isAbsolute() || url.isOpaque()) {
            throw new FetchException("bad-url");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new FetchException("bad-scheme");
        }
        String authority = url.getRawAuthority();
        if (authority == null || url.getRawUserInfo() != null || authority.contains("@")) {
            throw new FetchException(authority != null && authority.contains("@") ? "userinfo" : "bad-url");
        }
        String host;
        int port;
        if (url.getHost() != null) {
            host = url.getHost();
            port = url.getPort();
        } else {
            // java.net.URI leaves non-ASCII (IDN) hosts as a registry authority: split host and port ourselves.
            String a = url.getAuthority();
            int colon = a.lastIndexOf(':');
            if (colon > 0 && !a.startsWith("[") && a.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                host = a.substring(0, colon);
                port = a.length() > colon + 1 ? parsePort(a.substring(colon + 1)) : -1;
            } else {
                host = a;
                port = -1;
            }
        }
        host = normalizeHost(host);
        if ((scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80)) {
            port = -1;
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        StringBuilder s = new StringBuilder(scheme).append("://").append(host);
        if (port != -1) {
            s.append(':').append(port);
        }
        s.append(path);
        if (url.getRawQuery() != null) {
            s.append('?').append(url.getRawQuery());
        }
        if (keepFragment && url.getRawFragment() != null) {
            s.append('#').append(url.getRawFragment());
        }
        try {
            return new URI(s.toString());
        } catch (URISyntaxException e) {
            throw new FetchException("bad-url");
        }
    }

    /**
     * Lowercase, IDNA ASCII, one trailing dot stripped; IPv6 literals keep their brackets.
     *
     * @throws FetchException "bad-host"
     */
    public static String normalizeHost(String host) {
        if (host == null || host.isEmpty() || host.length() > 255) {
            throw new FetchException("bad-host");
        }
        if (host.startsWith("[")) {
            if (!host.endsWith("]")) {
                throw new FetchException("bad-host");
            }
            return host.toLowerCase(Locale.ROOT);
        }
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        try {
            h = IDN.toASCII(h, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new FetchException("bad-host");
        }
        if (h.isEmpty() || h.startsWith(".") || h.endsWith(".") || h.contains("..")) {
            throw new FetchException("bad-host");
        }
        return h;
    }

    /** Host plus ":port" when not the scheme's default; the domain part of an acct: handle in development. */
    public static String authority(URI normalized) {
        return normalized.getPort() == -1 ? normalized.getHost() : normalized.getHost() + ":" + normalized.getPort();
    }

    /** Exact comparison of normalised hosts (not ports: one server, one origin for ids). */
    public static boolean sameHost(URI a, URI b) {
        return a.getHost() != null && a.getHost().equals(b.getHost());
    }

    public static URI withoutFragment(URI url) {
        if (url.getRawFragment() == null) {
            return url;
        }
        String s = url.toString();
        return URI.create(s.substring(0, s.indexOf('#')));
    }

    private static int parsePort(String p) {
        try {
            int port = Integer.parseInt(p);
            if (port < 1 || port > 65535) {
                throw new FetchException("bad-url");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new FetchException("bad-url");
        }
    }
}
