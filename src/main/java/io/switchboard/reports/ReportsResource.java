package io.switchboard.reports;

import io.switchboard.auth.Caller;
import io.switchboard.platform.Ids;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Reports' HTTP edge (docs/protocol.md §15.8): supervisors within their scope; agents and customers get 403. */
@Path("/api/reports")
public class ReportsResource {

    private static final String ID_OR_NONE = Ids.PATTERN + "|none";
    /** A label as conversations have them, or "-" for the facts without one. */
    private static final String LABEL = "[a-z0-9][a-z0-9-]{0,31}|-";
    private static final String CSV = "text/csv; charset=utf-8";

    private final Caller caller;
    private final ReportService reports;

    ReportsResource(Caller caller, ReportService reports) {
        this.caller = caller;
        this.reports = reports;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Report report(@QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("timeZone") @Size(max = 64) String timeZone, @QueryParam("granularity") String granularity,
                         @QueryParam("groupBy") String groupBy, @QueryParam("team") @Pattern(regexp = ID_OR_NONE) String team,
                         @QueryParam("agent") @Pattern(regexp = Ids.PATTERN) String agent,
                         @QueryParam("topic") @Pattern(regexp = ID_OR_NONE) String topic,
                         @QueryParam("label") @Pattern(regexp = LABEL) String label, @QueryParam("clock") String clock,
                         @QueryParam("channel") String channel) {
        return reports.report(caller.requireBusiness(), new ReportService.Query(from, to, timeZone, granularity, groupBy, team, agent, topic, label, clock, channel));
    }

    @GET
    @Path("/conversations")
    @Produces(MediaType.APPLICATION_JSON)
    public ReportService.Items conversations(@QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("timeZone") @Size(max = 64) String timeZone, @QueryParam("granularity") String granularity,
                         @QueryParam("groupBy") String groupBy, @QueryParam("team") @Pattern(regexp = ID_OR_NONE) String team,
                         @QueryParam("agent") @Pattern(regexp = Ids.PATTERN) String agent,
                         @QueryParam("topic") @Pattern(regexp = ID_OR_NONE) String topic,
                         @QueryParam("label") @Pattern(regexp = LABEL) String label, @QueryParam("clock") String clock,
                         @QueryParam("channel") String channel,
                         @QueryParam("metric") String metric, @QueryParam("start") String start, @QueryParam("end") String end,
                         @QueryParam("met") Boolean met,
                         @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(ReportService.MAX_DRILL) int limit,
                         @QueryParam("offset") @DefaultValue("0") @Min(0) @Max(1_000_000) int offset) {
        return reports.conversations(caller.requireBusiness(), new ReportService.Query(from, to, timeZone, granularity, groupBy, team, agent, topic, label, clock, channel), metric, start, end, met, limit, offset);
    }

    @GET
    @Path("/daily.csv")
    @Produces(CSV)
    public Response daily(@QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("timeZone") @Size(max = 64) String timeZone, @QueryParam("granularity") String granularity,
                         @QueryParam("groupBy") String groupBy, @QueryParam("team") @Pattern(regexp = ID_OR_NONE) String team,
                         @QueryParam("agent") @Pattern(regexp = Ids.PATTERN) String agent,
                         @QueryParam("topic") @Pattern(regexp = ID_OR_NONE) String topic,
                         @QueryParam("label") @Pattern(regexp = LABEL) String label, @QueryParam("clock") String clock,
                         @QueryParam("channel") String channel) {
        return csv(reports.dailyCsv(caller.requireBusiness(), new ReportService.Query(from, to, timeZone, granularity, groupBy, team, agent, topic, label, clock, channel)), "report-daily.csv");
    }

    @GET
    @Path("/cycles.csv")
    @Produces(CSV)
    public Response cycles(@QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("timeZone") @Size(max = 64) String timeZone, @QueryParam("granularity") String granularity,
                         @QueryParam("groupBy") String groupBy, @QueryParam("team") @Pattern(regexp = ID_OR_NONE) String team,
                         @QueryParam("agent") @Pattern(regexp = Ids.PATTERN) String agent,
                         @QueryParam("topic") @Pattern(regexp = ID_OR_NONE) String topic,
                         @QueryParam("label") @Pattern(regexp = LABEL) String label, @QueryParam("clock") String clock,
                         @QueryParam("channel") String channel,
                         @QueryParam("afterStart") @Size(max = 40) String afterStart, @QueryParam("afterCycle") @Min(1) Long afterCycle,
                         @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(ReportService.MAX_CYCLE_ROWS) int limit) {
        return csv(reports.cyclesCsv(caller.requireBusiness(), new ReportService.Query(from, to, timeZone, granularity, groupBy, team, agent, topic, label, clock, channel), afterStart, afterCycle, limit),
                "report-cycles.csv");
    }

    private static Response csv(String body, String name) {
        return Response.ok(body, CSV).header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }
}
