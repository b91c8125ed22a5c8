package org.mutua.server.members;

import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;
import org.mutua.server.problems.Problem;

/** The time zones a member may choose: UTC and the IANA regions (Europe/Madrid), not aliases such as Etc/GMT+5 or SystemV. */
public final class TimeZones {
    private static final Pattern REGION = Pattern.compile("^(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Za-z_/+-]+$");
    private static final List<String> CHOICES = java.util.stream.Stream.concat(java.util.stream.Stream.of("UTC"),
        ZoneId.getAvailableZoneIds().stream().filter(z -> REGION.matcher(z).matches()).sorted()).toList();

    private TimeZones() {
    }

    public static List<String> choices() {
        return CHOICES;
    }

    /** The zone for a setting; empty means the node's (null). Anything else off the list is 400 naming {@code timeZone}. */
    static String check(String zone) {
        if (zone.isEmpty()) {
            return null;
        }
        if (zone.length() > 64 || !CHOICES.contains(zone)) {
            throw Problem.invalid("timeZone", "error.timeZone.invalid", "timeZone must be a time zone id such as Europe/Madrid or UTC, or empty for the node's");
        }
        return zone;
    }
}
