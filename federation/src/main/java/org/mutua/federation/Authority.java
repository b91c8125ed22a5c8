package org.mutua.federation;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The one normal form of a remote authority, used wherever hosts are compared or keyed (inbox checks, delivery lanes
 * and host health, domain budgets): http(s) only (http only when allowed), no user info, the host in lowercase ASCII
 * (IDNA), one trailing dot removed, and the port kept only when it is not the scheme's default. FEDERATION.md 6 row 14:
 * every host comparison is exact on this form.
 */
public final class Authority {
    private static final int MAX_LENGTH = 2048;

    private Authority() {
    }

    public static Optional<String> of(String iri, boolean allowHttp) {
        if (iri == null || iri.isEmpty() || iri.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            return of(new URI(iri.strip()), allowHttp);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    public static Optional<String> of(URI uri, boolean allowHttp) {
        if (uri == null || !uri.isAbsolute() || uri.getRawUserInfo() != null) {
            return Optional.empty();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || (allowHttp && scheme.equals("http")))) {
            return Optional.empty();
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty() || authority.contains("@")) {
            return Optional.empty();
        }
        String host = uri.getHost();
        int port = uri.getPort();
        if (host == null && !authority.startsWith("[")) {
            // java.net.URI leaves an internationalised host unparsed: split the authority ourselves.
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            try {
                port = colon < 0 ? -1 : Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        if (host == null || host.isEmpty() || port < -1 || port > 65535) {
            return Optional.empty();
        }
        if (!host.startsWith("[")) {
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            if (host.isEmpty() || host.startsWith(".") || host.endsWith(".") || host.contains("..")) {
                return Optional.empty();
            }
            try {
                host = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        host = host.toLowerCase(Locale.ROOT);
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return Optional.of(defaultPort ? host : host + ":" + port);
    }

    /** The host part of a normalised authority, without the port (what domain blocks name). */
    public static String hostOnly(String authority) {
        if (authority.startsWith("[")) {
            return authority.substring(0, authority.indexOf(']') + 1);
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }
}
