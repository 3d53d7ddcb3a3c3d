package io.switchboard.supervision;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a team's supervision is measured against (docs/metrics.md, docs/protocol.md §15): its time
 * zone and business hours, its SLA targets, the service-level threshold and the board's alert
 * thresholds. The same record is the request body, the answer and what is stored.
 */
public record SupervisionSettings(
        @NotNull @Size(max = 64) String timeZone,
        @Valid Hours businessHours,
        @Valid @NotNull Sla sla,
        @Min(1) @Max(86_400) int serviceLevelSeconds,
        @Min(0) @Max(3_600) int shortAbandonSeconds,
        @Valid @NotNull Alerts alerts) {

    private static final String TIME = "([01][0-9]|2[0-3]):[0-5][0-9]|24:00";
    private static final String DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}";
    private static final int MAX_PERIODS = 6;
    private static final int MAX_SECONDS = 30 * 86_400;

    /** What applies until an admin sets something: UTC, always open, no SLA targets. */
    public static final SupervisionSettings DEFAULTS = new SupervisionSettings("UTC", null, new Sla(null, null, null), 60, 10,
            new Alerts(60, 300, 80));

    /** One open stretch of a day, local times {@code HH:mm}; {@code 24:00} ends the day. */
    public record Period(@NotNull @Pattern(regexp = TIME) String from, @NotNull @Pattern(regexp = TIME) String to) {
    }

    /** Open periods per day (a day left out or empty is closed) and the holidays (local dates, closed). */
    public record Hours(@Size(max = MAX_PERIODS) List<@Valid @NotNull Period> monday,
                        @Size(max = MAX_PERIODS) List<@Valid @NotNull Period> tuesday,
                        @Size(max = MAX_PERIODS) List<@Valid @NotNull Period> wednesday,
                        @Size(max = MAX_PERIODS) List<@Valid @NotNull Period> thursday,
                        @Size(max = MAX_PERIODS) List<@Valid @NotNull Period> friday,
                        @Size(max = MAX_PERIODS) List<@Valid @NotNull Period> saturday,
                        @Size(max = MAX_PERIODS) List<@Valid @NotNull Period> sunday,
                        @Size(max = 400) List<@NotNull @Pattern(regexp = DATE) String> holidays) {

        Map<DayOfWeek, List<Period>> byDay() {
            Map<DayOfWeek, List<Period>> days = new EnumMap<>(DayOfWeek.class);
            List<List<Period>> lists = java.util.Arrays.asList(monday, tuesday, wednesday, thursday, friday, saturday, sunday);
            for (int i = 0; i < lists.size(); i++) {
                days.put(DayOfWeek.of(i + 1), lists.get(i) == null ? List.of() : lists.get(i));
            }
            return days;
        }
    }

    /** Targets in seconds (business seconds when the team has business hours); null: no target. */
    public record Sla(@Min(1) @Max(MAX_SECONDS) Integer firstResponseSeconds, @Min(1) @Max(MAX_SECONDS) Integer nextResponseSeconds,
                      @Min(1) @Max(MAX_SECONDS) Integer resolutionSeconds) {
    }

    /** When the board warns: a wait past these seconds, an SLA clock past this share of its target. */
    public record Alerts(@Min(1) @Max(MAX_SECONDS) int waitWarningSeconds, @Min(1) @Max(MAX_SECONDS) int waitCriticalSeconds,
                         @Min(1) @Max(100) int slaWarningPercent) {
    }

    /**
     * The checks annotations cannot make; each problem is a field and a sentence, as the one
     * {@code validation_failed} error reports them. Empty when the settings are sound.
     */
    Map<String, String> problems() {
        Map<String, String> problems = new java.util.LinkedHashMap<>();
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            problems.put("timeZone", "must be an IANA time zone such as Europe/Lisbon");
        }
        if (alerts.waitWarningSeconds() > alerts.waitCriticalSeconds()) {
            problems.put("alerts.waitWarningSeconds", "must not be after waitCriticalSeconds");
        }
        if (businessHours != null) {
            businessHours.byDay().forEach((day, periods) -> {
                List<BusinessHours.Period> parsed = new ArrayList<>();
                for (Period period : periods) {
                    BusinessHours.Period minutes = minutes(period);
                    if (minutes == null) {
                        problems.put("businessHours." + day.name().toLowerCase(), "each period must end after it starts");
                        return;
                    }
                    parsed.add(minutes);
                }
                try {
                    BusinessHours.of(ZoneId.of("UTC"), Map.of(day, parsed), Set.of());
                } catch (IllegalArgumentException e) {
                    problems.put("businessHours." + day.name().toLowerCase(), "periods must not overlap");
                }
            });
            if (businessHours.holidays() != null) {
                for (String holiday : businessHours.holidays()) {
                    if (date(holiday) == null) {
                        problems.put("businessHours.holidays", "must be dates like 2026-12-25");
                    }
                }
            }
        }
        return problems;
    }

    /** The calculator for these settings; only for settings without {@link #problems()}. */
    BusinessHours hours() {
        ZoneId zone = ZoneId.of(timeZone);
        if (businessHours == null) {
            return BusinessHours.always(zone);
        }
        Map<DayOfWeek, List<BusinessHours.Period>> week = new EnumMap<>(DayOfWeek.class);
        businessHours.byDay().forEach((day, periods) -> week.put(day, periods.stream().map(SupervisionSettings::minutes).toList()));
        Set<LocalDate> holidays = new HashSet<>();
        if (businessHours.holidays() != null) {
            businessHours.holidays().forEach(holiday -> holidays.add(date(holiday)));
        }
        return BusinessHours.of(zone, week, holidays);
    }

    private static BusinessHours.Period minutes(Period period) {
        int from = minute(period.from());
        int to = minute(period.to());
        return from < to ? new BusinessHours.Period(from, to) : null;
    }

    private static int minute(String time) {
        return "24:00".equals(time) ? BusinessHours.MINUTES_PER_DAY : LocalTime.parse(time).toSecondOfDay() / 60;
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
