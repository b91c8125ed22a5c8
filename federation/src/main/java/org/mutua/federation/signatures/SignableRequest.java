package org.mutua.federation.signatures;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parts of an HTTP request that HTTP signatures look at. {@code target} is the absolute URI as the receiving
 * server sees itself (scheme and host from configuration, raw path and query from the request line), or the URI a
 * sender is about to call. Header names are looked up case-insensitively; a header sent on several lines keeps every
 * line. {@code body} is null for requests without one (GET).
 */
public record SignableRequest(String method, URI target, Map<String, List<String>> headers, byte[] body) {

    public SignableRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        if (!target.isAbsolute() || target.getHost() == null) {
            throw new IllegalArgumentException("target must be an absolute URI with a host");
        }
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> copy.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        }
        copy.replaceAll((name, values) -> List.copyOf(values));
        headers = Collections.unmodifiableMap(copy);
        body = body == null ? null : body.clone();
    }

    public static SignableRequest of(String method, URI target, byte[] body) {
        return new SignableRequest(method, target, Map.of(), body);
    }

    @Override
    public byte[] body() {
        return body == null ? null : body.clone();
    }

    /** Body bytes for digests: an absent body digests like an empty one. */
    byte[] bodyOrEmpty() {
        return body == null ? new byte[0] : body;
    }

    /**
     * All lines of one header, each trimmed, joined with ", " (RFC 9421 §2.1; draft-cavage-12 §2.3), or empty when
     * the header is absent.
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        List<String> trimmed = new ArrayList<>(values.size());
        for (String v : values) {
            trimmed.add(v.strip());
        }
        return Optional.of(String.join(", ", trimmed));
    }

    /** A copy with {@code name} set to the single value {@code value} (replacing any earlier lines). */
    public SignableRequest withHeader(String name, String value) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        copy.remove(name);
        copy.put(name, List.of(value));
        return new SignableRequest(method, target, copy, body);
    }

    public boolean isPost() {
        return "POST".equalsIgnoreCase(method);
    }

    /** draft-cavage {@code (request-target)}: lowercase method, raw path, and "?query" when asked and present. */
    String requestTarget(boolean withQuery) {
        String query = target.getRawQuery();
        return method.toLowerCase(Locale.ROOT) + " " + rawPath() + (withQuery && query != null ? "?" + query : "");
    }

    String rawPath() {
        String path = target.getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    /** Host, lowercase, plus ":port" when the port is not the scheme's default (RFC 9421 §2.2.3 {@code @authority}). */
    String authority() {
        String host = target.getHost().toLowerCase(Locale.ROOT);
        int port = target.getPort();
        String scheme = target.getScheme().toLowerCase(Locale.ROOT);
        boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return defaultPort ? host : host + ":" + port;
    }

    /** Value equality, including the body bytes (a record would compare the array by identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof SignableRequest r && method.equals(r.method) && target.equals(r.target)
            && headers.equals(r.headers) && java.util.Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, target, headers) * 31 + java.util.Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "SignableRequest[" + method + " " + target + ", headers=" + headers.keySet() + ", body="
            + (body == null ? "none" : body.length + " bytes") + "]";
    }
}
