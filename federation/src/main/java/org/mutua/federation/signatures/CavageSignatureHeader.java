package org.mutua.federation.signatures;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed draft-cavage-12 {@code Signature} header (§2.1): comma-separated {@code name="quoted value"} pairs, where
 * {@code created}/{@code expires} may also be bare integers. Quoted values may contain commas and escaped quotes.
 * A repeated parameter makes the header malformed rather than letting either copy win.
 */
record CavageSignatureHeader(Map<String, String> params) {
    static final int MAX_LENGTH = 8 * 1024;

    static CavageSignatureHeader parse(String header) throws SignatureRejection {
        if (header.length() > MAX_LENGTH) {
            throw new SignatureRejection("header-too-large");
        }
        Map<String, String> params = new LinkedHashMap<>();
        int i = 0;
        int n = header.length();
        while (true) {
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int nameStart = i;
            while (i < n && isTokenChar(header.charAt(i))) {
                i++;
            }
            if (i == nameStart || i >= n || header.charAt(i) != '=') {
                throw new SignatureRejection("malformed-signature");
            }
            String name = header.substring(nameStart, i);
            i++;
            String value;
            if (i < n && header.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = header.charAt(i++);
                    if (c == '\\' && i < n) {
                        sb.append(header.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        sb.append(c);
                    }
                }
                if (!closed) {
                    throw new SignatureRejection("malformed-signature");
                }
                value = sb.toString();
            } else {
                int start = i;
                while (i < n && header.charAt(i) != ',' && header.charAt(i) != ' ') {
                    i++;
                }
                value = header.substring(start, i);
            }
            if (params.put(name, value) != null) {
                throw new SignatureRejection("malformed-signature");
            }
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            if (header.charAt(i) != ',') {
                throw new SignatureRejection("malformed-signature");
            }
            i++;
        }
        return new CavageSignatureHeader(Collections.unmodifiableMap(params));
    }

    Optional<String> param(String name) {
        String v = params.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** {@code algorithm}, defaulting to hs2019 (Mastodon {@code signature_algorithm}). */
    String algorithm() {
        return param("algorithm").orElse("hs2019").toLowerCase(Locale.ROOT);
    }

    /**
     * Covered headers, lowercase. Absent means "(created)" for hs2019 and "date" otherwise (draft-cavage-12 §2.1.6,
     * Mastodon {@code signed_headers}).
     */
    List<String> headers() {
        String fallback = "hs2019".equals(algorithm()) ? "(created)" : "date";
        String list = param("headers").orElse(fallback).toLowerCase(Locale.ROOT).strip();
        return Arrays.asList(list.split("\\s+"));
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
