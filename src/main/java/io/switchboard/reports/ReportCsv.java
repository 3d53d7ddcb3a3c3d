package io.switchboard.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The two CSV exports (docs/protocol.md §15.8): RFC 4180, a header line, durations in milliseconds. */
final class ReportCsv {

    private static final String STAT_COLUMNS = "%1$s_count,%1$s_mean_ms,%1$s_median_ms,%1$s_p90_ms";
    private static final String SLA_COLUMNS = ",%1$s_sla_met,%1$s_sla_missed";
    /** Compiled once: a quarter's daily rows per agent hold tens of thousands of text fields. */
    private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[A-Za-z0-9_:.-]*");

    private ReportCsv() {
    }

    static String daily(Report report) {
        StringBuilder csv = new StringBuilder("date,team_id,device_id,volume,assigned,")
                .append(STAT_COLUMNS.formatted("wait")).append(',')
                .append(STAT_COLUMNS.formatted("first_response")).append(SLA_COLUMNS.formatted("first_response")).append(',')
                .append(STAT_COLUMNS.formatted("next_response")).append(SLA_COLUMNS.formatted("next_response")).append(',')
                .append(STAT_COLUMNS.formatted("resolution")).append(SLA_COLUMNS.formatted("resolution")).append(',')
                .append(STAT_COLUMNS.formatted("handle")).append(",abandoned,short_abandoned,csat_count,csat_mean,csat_median,csat_p90,topic_id,label,channel\r\n");
        for (Report.Series series : report.series()) {
            for (Report.Bucket bucket : series.buckets()) {
                Report.Numbers n = bucket.numbers();
                List<Object> row = new ArrayList<>(List.of(bucket.local().toLocalDate().toString()));
                row.add(series.teamId());
                row.add(series.deviceId());
                row.add(n.volume());
                row.add(n.assigned());
                stat(row, n.waitTime(), false);
                stat(row, n.firstResponse(), true);
                stat(row, n.nextResponse(), true);
                stat(row, n.resolution(), true);
                stat(row, n.handle(), false);
                row.add(n.abandoned());
                row.add(n.shortAbandoned());
                row.add(n.csat().count());
                row.add(n.csat().mean());
                row.add(n.csat().median());
                row.add(n.csat().p90());
                row.add(series.topicId());
                row.add(series.label());
                row.add(series.channel());
                line(csv, row);
            }
        }
        return csv.toString();
    }

    static String cycles(List<ReportStore.CycleRow> rows) {
        StringBuilder csv = new StringBuilder("conversation_id,cycle_id,team_id,started_at,wait_ms,wait_business_ms,first_assignee_device_id,"
                + "first_response_ms,first_response_business_ms,first_responder_device_id,first_response_sla_met,next_responses,"
                + "next_response_mean_ms,next_response_sla_missed,resolved_at,resolved_by_device_id,resolution_ms,resolution_business_ms,"
                + "resolution_sla_met,handle_ms,handle_business_ms,abandoned,short_abandon,csat\r\n");
        for (ReportStore.CycleRow r : rows) {
            line(csv, java.util.Arrays.asList(r.conversationId(), r.cycleId(), r.teamId(), r.startedAt(), r.waitMs(), r.waitBusinessMs(),
                    r.firstAssignee(), r.firstResponseMs(), r.firstResponseBusinessMs(), r.firstResponder(), r.firstResponseMet(),
                    r.nextResponses(), round(r.nextResponseMeanMs()), r.nextResponseMisses(), r.resolvedAt(), r.resolvedBy(),
                    r.resolutionMs(), r.resolutionBusinessMs(), r.resolutionMet(), r.handleMs(), r.handleBusinessMs(), r.abandoned(),
                    r.shortAbandon(), r.csat()));
        }
        return csv.toString();
    }

    private static void stat(List<Object> row, Report.Stat stat, boolean sla) {
        row.add(stat.count());
        row.add(round(stat.mean()));
        row.add(round(stat.median()));
        row.add(round(stat.p90()));
        if (sla) {
            row.add(stat.met());
            row.add(stat.missed());
        }
    }

    private static Long round(Double value) {
        return value == null ? null : Math.round(value);
    }

    private static void line(StringBuilder csv, List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(values.get(i)));
        }
        csv.append("\r\n");
    }

    /** Ids, numbers and times need no quoting; anything else is quoted, and a leading formula character is neutralised. */
    static String field(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof Instant) {
            return value.toString();
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (PLAIN.matcher(text).matches()) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
