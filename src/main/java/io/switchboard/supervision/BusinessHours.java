package io.switchboard.supervision;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * When a team is open: periods per day of the week in a time zone, minus holidays. Pure: durations
 * and deadlines between instants, with no clock of its own (docs/metrics.md, "Durations, stored twice").
 * Each period is turned into instants on its own date in the zone, so a day whose clocks change
 * counts the time that really passed.
 */
public final class BusinessHours {

    /** Minutes from local midnight: {@code from < to}, {@code to} may be 1440 (midnight at the day's end). */
    public record Period(int fromMinute, int toMinute) {
        public Period {
            if (fromMinute < 0 || toMinute > MINUTES_PER_DAY || fromMinute >= toMinute) {
                throw new IllegalArgumentException("a period runs forward within one day: " + fromMinute + "–" + toMinute);
            }
        }

        public static Period of(LocalTime from, LocalTime to) {
            return new Period(minutes(from), to.equals(LocalTime.MIDNIGHT) ? MINUTES_PER_DAY : minutes(to));
        }

        private static int minutes(LocalTime time) {
            return time.getHour() * 60 + time.getMinute();
        }
    }

    static final int MINUTES_PER_DAY = 1440;
    /** A deadline further than this is "never" (a schedule open a few minutes a year is not a schedule). */
    private static final int MAX_DAYS_SEARCHED = 3660;

    private final ZoneId zone;
    private final Map<DayOfWeek, List<Period>> week;
    private final Set<LocalDate> holidays;

    private BusinessHours(ZoneId zone, Map<DayOfWeek, List<Period>> week, Set<LocalDate> holidays) {
        this.zone = zone;
        this.week = week;
        this.holidays = holidays;
    }

    /** Open around the clock: business time is wall time. */
    public static BusinessHours always(ZoneId zone) {
        return new BusinessHours(zone, null, Set.of());
    }

    /** Open in these periods (sorted, not overlapping; a day not named is closed), closed on the holidays. */
    public static BusinessHours of(ZoneId zone, Map<DayOfWeek, List<Period>> week, Set<LocalDate> holidays) {
        Map<DayOfWeek, List<Period>> copy = new EnumMap<>(DayOfWeek.class);
        week.forEach((day, periods) -> {
            List<Period> sorted = periods.stream().sorted((a, b) -> Integer.compare(a.fromMinute(), b.fromMinute())).toList();
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i).fromMinute() < sorted.get(i - 1).toMinute()) {
                    throw new IllegalArgumentException("periods of " + day + " overlap");
                }
            }
            copy.put(day, sorted);
        });
        return new BusinessHours(zone, copy, Set.copyOf(holidays));
    }

    public ZoneId zone() {
        return zone;
    }

    public boolean alwaysOpen() {
        return week == null;
    }

    /** The business time within {@code [from, to)}; zero when {@code to} is not after {@code from}. */
    public Duration businessDuration(Instant from, Instant to) {
        if (from == null || to == null || !to.isAfter(from)) {
            return Duration.ZERO;
        }
        if (alwaysOpen()) {
            return Duration.between(from, to);
        }
        Duration total = Duration.ZERO;
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate date = from.atZone(zone).toLocalDate(); !date.isAfter(last); date = date.plusDays(1)) {
            for (Period period : periods(date)) {
                Instant start = max(from, instant(date, period.fromMinute()));
                Instant end = min(to, instant(date, period.toMinute()));
                if (end.isAfter(start)) {
                    total = total.plus(Duration.between(start, end));
                }
            }
        }
        return total;
    }

    /** The first instant at which {@code amount} of business time has passed since {@code from}; empty if the hours never add up to it. */
    public Optional<Instant> businessDeadline(Instant from, Duration amount) {
        if (alwaysOpen()) {
            return Optional.of(from.plus(amount));
        }
        Duration left = amount;
        LocalDate date = from.atZone(zone).toLocalDate();
        for (int day = 0; day < MAX_DAYS_SEARCHED; day++, date = date.plusDays(1)) {
            for (Period period : periods(date)) {
                Instant start = max(from, instant(date, period.fromMinute()));
                Instant end = instant(date, period.toMinute());
                if (!end.isAfter(start)) {
                    continue;
                }
                Duration open = Duration.between(start, end);
                if (open.compareTo(left) >= 0) {
                    return Optional.of(start.plus(left));
                }
                left = left.minus(open);
            }
        }
        return Optional.empty();
    }

    private List<Period> periods(LocalDate date) {
        if (holidays.contains(date)) {
            return List.of();
        }
        return week.getOrDefault(date.getDayOfWeek(), List.of());
    }

    /** A local time that a clock change skips resolves forward, as {@link java.time.ZonedDateTime#of} does. */
    private Instant instant(LocalDate date, int minute) {
        if (minute == MINUTES_PER_DAY) {
            return date.plusDays(1).atStartOfDay(zone).toInstant();
        }
        return date.atTime(minute / 60, minute % 60).atZone(zone).toInstant();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
