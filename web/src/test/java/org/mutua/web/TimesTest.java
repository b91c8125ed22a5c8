package org.mutua.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.mutua.web.view.Times;

/** Pages write times in the reader's zone and say which zone it is. */
class TimesTest {
    private static final Instant AT = Instant.parse("2026-12-08T23:30:00Z");

    @Test
    void aTimeIsWrittenInTheReadersZoneAndNamesIt() {
        String utc = Times.of("en", ZoneId.of("UTC")).dateTime(AT);
        assertTrue(utc.contains("Dec 8, 2026") && utc.contains("11:30") && utc.endsWith(" UTC"), utc);
        String madrid = Times.of("es", ZoneId.of("Europe/Madrid")).dateTime(AT);
        assertTrue(madrid.contains("9 dic 2026") && madrid.contains("0:30") && madrid.endsWith(" CET"), madrid);
    }

    @Test
    void theDayIsTheReadersDay() {
        assertEquals("Dec 8, 2026", Times.of("en", ZoneId.of("UTC")).date(AT));
        assertEquals("Dec 9, 2026", Times.of("en", ZoneId.of("Asia/Tokyo")).date(AT));
        assertEquals("December 9, 2026", Times.of("en", ZoneId.of("Asia/Tokyo")).longDate(AT));
    }
}
