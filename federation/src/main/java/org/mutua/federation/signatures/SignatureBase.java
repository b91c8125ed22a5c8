package org.mutua.federation.signatures;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The strings that get signed, for both schemes. Every problem is a {@link SignatureRejection}. */
final class SignatureBase {
    static final int MAX_COMPONENTS = 32;

    private SignatureBase() {
    }

    /**
     * draft-cavage-12 §2.3 signing string: one {@code name: value} line per covered header, joined by "\n".
     * {@code (request-target)} is the lowercase method and path (and query, when {@code withQuery}); {@code (created)}
     * and {@code (expires)} come from the signature parameters. Built like Mastodon {@code build_signed_string}.
     */
    static String cavage(SignableRequest request, List<String> headers, CavageSignatureHeader params, boolean withQuery)
        throws SignatureRejection {
        if (headers.size() > MAX_COMPONENTS) {
            throw new SignatureRejection("malformed-signature");
        }
        StringBuilder out = new StringBuilder();
        for (String name : headers) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(name).append(": ");
            switch (name) {
                case "(request-target)" -> out.append(request.requestTarget(withQuery));
                case "(created)", "(expires)" -> {
                    String key = name.substring(1, name.length() - 1);
                    out.append(params.param(key).orElseThrow(() -> new SignatureRejection("missing-parameter:" + key)));
                }
                default -> out.append(request.header(name).orElseThrow(() -> SignatureRejection.withDetail("missing-header", name)));
            }
        }
        return out.toString();
    }

    /**
     * RFC 9421 §2.5 signature base: for each covered component {@code "name": value} and "\n", then
     * {@code "@signature-params": <inner list>}. Component parameters ({@code sf}, {@code key}, {@code bs}, {@code req},
     * {@code tr}) are not supported and reject, as RFC 9421 §2.5 step 2.4 allows for parameters not understood.
     * {@code covered} carries the signature parameters, serialised as the {@code @signature-params} line.
     */
    static String rfc9421(SignableRequest request, StructuredFields.InnerList covered) throws SignatureRejection {
        if (covered.items().size() > MAX_COMPONENTS) {
            throw new SignatureRejection("malformed-signature-input");
        }
        StringBuilder out = new StringBuilder();
        Set<String> seen = new HashSet<>();
        for (StructuredFields.Item item : covered.items()) {
            if (!(item.value() instanceof String name)) {
                throw new SignatureRejection("malformed-signature-input");
            }
            if (!item.params().isEmpty()) {
                throw new SignatureRejection("unsupported-component-parameter");
            }
            if (!seen.add(name)) {
                throw new SignatureRejection("duplicate-component"); // §2.5 step 2.0
            }
            if (!name.equals(name.toLowerCase(Locale.ROOT))) {
                throw new SignatureRejection("malformed-signature-input"); // §2.1: field names are lowercased
            }
            out.append(StructuredFields.serialize(new StructuredFields.Item(name, java.util.Map.of())))
                .append(": ")
                .append(componentValue(request, name))
                .append('\n');
        }
        out.append("\"@signature-params\": ").append(StructuredFields.serialize(covered));
        String base = out.toString();
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            if (c > 0x7e || (c < 0x20 && c != '\n')) {
                throw new SignatureRejection("non-ascii-component"); // §2.5 step 4
            }
        }
        return base;
    }

    /** Derived components of RFC 9421 §2.2 that a request has, and header fields (§2.1). */
    private static String componentValue(SignableRequest request, String name) throws SignatureRejection {
        String query = request.target().getRawQuery();
        return switch (name) {
            case "@method" -> request.method(); // §2.2.1: as sent, case-sensitive
            case "@target-uri" -> request.target().toASCIIString(); // §2.2.2
            case "@authority" -> request.authority(); // §2.2.3
            case "@scheme" -> request.target().getScheme().toLowerCase(Locale.ROOT); // §2.2.4
            case "@request-target" -> request.rawPath() + (query != null ? "?" + query : ""); // §2.2.5
            case "@path" -> request.rawPath(); // §2.2.6
            case "@query" -> "?" + (query != null ? query : ""); // §2.2.7
            default -> {
                if (name.startsWith("@")) {
                    throw SignatureRejection.withDetail("unsupported-component", name);
                }
                yield request.header(name).orElseThrow(() -> SignatureRejection.withDetail("missing-header", name));
            }
        };
    }
}
