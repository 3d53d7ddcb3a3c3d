package io.switchboard.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.supervision.BusinessHours.Period;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The business-time calculator's named cases (docs/metrics.md, "Durations, stored twice"). */
class BusinessHoursTest {

    private static final ZoneId LISBON = ZoneId.of("Europe/Lisbon");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Period period(String from, String to) {
        return Period.of(LocalTime.parse(from), LocalTime.parse(to));
    }

    private static Map<DayOfWeek, List<Period>> weekdays(Period... periods) {
        Map<DayOfWeek, List<Period>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            week.put(day, List.of(periods));
        }
        return week;
    }

    private static Instant at(String local, ZoneId zone) {
        return LocalDateTime.parse(local).atZone(zone).toInstant();
    }

    private static final BusinessHours NINE_TO_FIVE = BusinessHours.of(LISBON, weekdays(period("09:00", "17:00")), Set.of());

    @Test
    void aWeekendCountsNothing() {
        // Friday 4 December 2026, 16:00 → Monday 7 December, 10:00: one hour each side of the weekend
        assertEquals(Duration.ofHours(2), NINE_TO_FIVE.businessDuration(at("2026-12-04T16:00", LISBON), at("2026-12-07T10:00", LISBON)));
    }

    @Test
    void aLunchBreakIsTwoPeriodsAndCountsNothing() {
        BusinessHours withLunch = BusinessHours.of(LISBON, weekdays(period("09:00", "12:30"), period("13:30", "18:00")), Set.of());
        assertEquals(Duration.ofHours(1), withLunch.businessDuration(at("2026-12-02T12:00", LISBON), at("2026-12-02T14:00", LISBON)));
        assertEquals(Duration.ZERO, withLunch.businessDuration(at("2026-12-02T12:40", LISBON), at("2026-12-02T13:20", LISBON)));
    }

    @Test
    void aHolidayIsClosedAllDay() {
        BusinessHours christmas = BusinessHours.of(LISBON, weekdays(period("09:00", "17:00")), Set.of(LocalDate.parse("2026-12-25")));
        // Thursday 24th 16:00 → Monday 28th 10:00: Friday the 25th is a holiday
        assertEquals(Duration.ofHours(2), christmas.businessDuration(at("2026-12-24T16:00", LISBON), at("2026-12-28T10:00", LISBON)));
        assertEquals(Duration.ofHours(10), NINE_TO_FIVE.businessDuration(at("2026-12-24T16:00", LISBON), at("2026-12-28T10:00", LISBON)),
                "without the holiday the Friday counts");
    }

    @Test
    void aSpringForwardNightCountsTheHoursThatReallyPassed() {
        // Lisbon, Sunday 29 March 2026: 01:00 becomes 02:00. A 00:00–04:00 period lasts three real hours.
        BusinessHours nights = BusinessHours.of(LISBON, Map.of(DayOfWeek.SUNDAY, List.of(period("00:00", "04:00"))), Set.of());
        assertEquals(Duration.ofHours(3), nights.businessDuration(at("2026-03-28T22:00", LISBON), at("2026-03-29T06:00", LISBON)));
    }

    @Test
    void aFallBackNightCountsTheRepeatedHour() {
        // Lisbon, Sunday 25 October 2026: 02:00 goes back to 01:00. A 00:00–04:00 period lasts five real hours.
        BusinessHours nights = BusinessHours.of(LISBON, Map.of(DayOfWeek.SUNDAY, List.of(period("00:00", "04:00"))), Set.of());
        assertEquals(Duration.ofHours(5), nights.businessDuration(at("2026-10-24T22:00", LISBON), at("2026-10-25T06:00", LISBON)));
    }

    @Test
    void aNineToFiveDayKeepsEightHoursAcrossAClockChange() {
        BusinessHours sundays = BusinessHours.of(NEW_YORK, Map.of(DayOfWeek.SUNDAY, List.of(period("09:00", "17:00"))), Set.of());
        // New York springs forward on Sunday 8 March 2026 at 02:00
        assertEquals(Duration.ofHours(8), sundays.businessDuration(at("2026-03-08T00:00", NEW_YORK), at("2026-03-09T00:00", NEW_YORK)));
    }

    @Test
    void theTimeZoneDecidesWhichHoursAreOpen() {
        BusinessHours newYork = BusinessHours.of(NEW_YORK, weekdays(period("09:00", "17:00")), Set.of());
        Instant from = Instant.parse("2026-12-02T09:00:00Z");
        Instant to = Instant.parse("2026-12-02T17:00:00Z");
        assertEquals(Duration.ofHours(8), NINE_TO_FIVE.businessDuration(from, to), "Lisbon is on UTC in winter");
        assertEquals(Duration.ofHours(3), newYork.businessDuration(from, to), "09:00–12:00 in New York");
    }

    @Test
    void alwaysOpenIsWallTime() {
        BusinessHours always = BusinessHours.always(LISBON);
        assertTrue(always.alwaysOpen());
        assertEquals(Duration.ofHours(66), always.businessDuration(at("2026-12-04T16:00", LISBON), at("2026-12-07T10:00", LISBON)));
    }

    @Test
    void backwardsOrEmptyIntervalsCountNothing() {
        assertEquals(Duration.ZERO, NINE_TO_FIVE.businessDuration(at("2026-12-02T12:00", LISBON), at("2026-12-02T11:00", LISBON)));
        assertEquals(Duration.ZERO, NINE_TO_FIVE.businessDuration(at("2026-12-02T12:00", LISBON), at("2026-12-02T12:00", LISBON)));
    }

    @Test
    void aDeadlineSkipsTheWeekendAndTheLunchBreak() {
        assertEquals(at("2026-12-07T09:30", LISBON),
                NINE_TO_FIVE.businessDeadline(at("2026-12-04T16:30", LISBON), Duration.ofHours(1)).orElseThrow());
        BusinessHours withLunch = BusinessHours.of(LISBON, weekdays(period("09:00", "12:30"), period("13:30", "18:00")), Set.of());
        assertEquals(at("2026-12-02T13:45", LISBON),
                withLunch.businessDeadline(at("2026-12-02T12:15", LISBON), Duration.ofMinutes(30)).orElseThrow());
        assertEquals(at("2026-12-02T10:00", LISBON),
                withLunch.businessDeadline(at("2026-12-02T07:00", LISBON), Duration.ofHours(1)).orElseThrow(), "the clock starts at opening");
    }

    @Test
    void aDeadlineIsTheInverseOfTheDuration() {
        Instant from = at("2026-12-03T15:12", LISBON);
        Instant due = NINE_TO_FIVE.businessDeadline(from, Duration.ofMinutes(615)).orElseThrow();
        assertEquals(Duration.ofMinutes(615), NINE_TO_FIVE.businessDuration(from, due));
    }

    @Test
    void aScheduleThatIsNeverOpenHasNoDeadline() {
        BusinessHours closed = BusinessHours.of(LISBON, Map.of(), Set.of());
        assertTrue(closed.businessDeadline(at("2026-12-02T12:00", LISBON), Duration.ofMinutes(1)).isEmpty());
    }

    @Test
    void overlappingOrBackwardPeriodsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> period("12:00", "09:00"));
        assertThrows(IllegalArgumentException.class,
                () -> BusinessHours.of(LISBON, weekdays(period("09:00", "13:00"), period("12:00", "18:00")), Set.of()));
    }

    @Test
    void midnightEndsTheDay() {
        BusinessHours evenings = BusinessHours.of(LISBON, weekdays(period("20:00", "00:00")), Set.of());
        assertEquals(Duration.ofHours(4), evenings.businessDuration(at("2026-12-02T00:00", LISBON), at("2026-12-03T00:00", LISBON)));
    }
}
