package org.mutua.web.view;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/**
 * The one way pages write a moment: in the reader's language and time zone (their setting, else the node's), times
 * followed by the zone's short name so a reader elsewhere is never misled.
 */
public record Times(Locale locale, ZoneId zone) {
    private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("zzz");

    public static Times of(String lang, ZoneId zone) {
        return new Times(Locale.forLanguageTag(lang), zone);
    }

    /** "Nov 23, 2026, 7:13 PM UTC". */
    public String dateTime(Instant at) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale).withZone(zone).format(at)
            + " " + ZONE_NAME.withLocale(locale).withZone(zone).format(at);
    }

    /** "Nov 23, 2026", the day in the reader's zone. */
    public String date(Instant at) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).withZone(zone).format(at);
    }

    /** "November 23, 2026". */
    public String longDate(Instant at) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).withZone(zone).format(at);
    }
}
