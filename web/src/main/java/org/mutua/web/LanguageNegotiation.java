package org.mutua.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Chooses a language from what the member said, what the browser says, and what we offer.
 * Headers come from anyone, so parsing is bounded and never throws.
 */
final class LanguageNegotiation {

    // Real browsers send well under 200 characters and a handful of ranges; anything beyond is noise.
    static final int MAX_HEADER_CHARS = 1024;
    static final int MAX_RANGES = 20;

    private static final Pattern PRIMARY = Pattern.compile("[a-z]{2,8}");
    private static final Pattern QVALUE = Pattern.compile("(0(\\.[0-9]{0,3})?|1(\\.0{0,3})?)");

    private LanguageNegotiation() {
    }

    static String negotiate(String userSetting, String explicitChoice, String acceptLanguage,
                            List<String> offered, String fallback) {
        List<String> offers = offered == null ? List.of() : offered;
        String fromUser = offeredMatch(userSetting, offers);
        if (fromUser != null) {
            return fromUser;
        }
        String fromChoice = offeredMatch(explicitChoice, offers);
        if (fromChoice != null) {
            return fromChoice;
        }
        String fromHeader = fromAcceptLanguage(acceptLanguage, offers, fallback);
        return fromHeader != null ? fromHeader : fallback;
    }

    /** "es-MX" → "es"; null when the tag is not a plausible language tag. */
    static String primarySubtag(String tag) {
        if (tag == null) {
            return null;
        }
        String trimmed = tag.trim();
        if (trimmed.isEmpty() || trimmed.length() > 35) {
            return null;
        }
        int cut = indexOfSeparator(trimmed);
        String primary = (cut < 0 ? trimmed : trimmed.substring(0, cut)).toLowerCase(java.util.Locale.ROOT);
        return PRIMARY.matcher(primary).matches() ? primary : null;
    }

    private static int indexOfSeparator(String tag) {
        int dash = tag.indexOf('-');
        int underscore = tag.indexOf('_');
        if (dash < 0) {
            return underscore;
        }
        return underscore < 0 ? dash : Math.min(dash, underscore);
    }

    private static String offeredMatch(String tag, List<String> offers) {
        String primary = primarySubtag(tag);
        return primary != null && offers.contains(primary) ? primary : null;
    }

    private record Range(String tag, double quality, int position) {
    }

    private static String fromAcceptLanguage(String header, List<String> offers, String fallback) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String bounded = header.length() > MAX_HEADER_CHARS ? header.substring(0, MAX_HEADER_CHARS) : header;
        List<Range> ranges = new ArrayList<>();
        String[] parts = bounded.split(",", MAX_RANGES + 1);
        for (int i = 0; i < parts.length && i < MAX_RANGES; i++) {
            Range range = parseRange(parts[i], i);
            if (range != null && range.quality() > 0) {
                ranges.add(range);
            }
        }
        // Stable sort: equal quality keeps the browser's order.
        ranges.sort(Comparator.comparingDouble(Range::quality).reversed());
        for (Range range : ranges) {
            if (range.tag().equals("*")) {
                // "anything": our own fallback if we offer it, else the first language we offer.
                if (offers.contains(fallback)) {
                    return fallback;
                }
                return offers.isEmpty() ? null : offers.get(0);
            }
            String match = offeredMatch(range.tag(), offers);
            if (match != null) {
                return match;
            }
        }
        return null;
    }

    private static Range parseRange(String part, int position) {
        String[] pieces = part.split(";", -1);
        String tag = pieces[0].trim();
        if (tag.isEmpty()) {
            return null;
        }
        double quality = 1.0;
        for (int i = 1; i < pieces.length; i++) {
            String param = pieces[i].trim();
            if (param.length() > 2 && (param.startsWith("q=") || param.startsWith("Q="))) {
                String value = param.substring(2).trim();
                if (!QVALUE.matcher(value).matches()) {
                    return null; // a malformed weight makes the whole range unusable
                }
                quality = Double.parseDouble(value);
            }
        }
        return new Range(tag, quality, position);
    }
}
