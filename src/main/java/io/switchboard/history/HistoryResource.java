package io.switchboard.history;

import io.switchboard.auth.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/history")
public class HistoryResource {

    private final HistoryService history;
    private final Caller caller;

    HistoryResource(HistoryService history, Caller caller) {
        this.history = history;
        this.caller = caller;
    }

    /** For an existing device: messages newly linked devices lack, with this device's wraps. */
    @GET
    @Path("/work")
    public List<HistoryService.Work> work(@QueryParam("limit") @DefaultValue("200") @Min(1) @Max(500) int limit) {
        return history.work(caller.require(), limit);
    }

    public record Wraps(@NotBlank @Size(max = 22) String deviceId, @NotNull @Size(max = 500) Map<Long, String> wraps) {
    }

    public record Added(int added) {
    }

    @POST
    @Path("/wraps")
    public Added addWraps(@Valid @NotNull Wraps wraps) {
        return new Added(history.addWraps(caller.require(), wraps.deviceId(), wraps.wraps()));
    }

    public record BadWraps(@NotNull @Size(max = 500) List<@NotNull Long> seqs) {
    }

    public record Released(int released) {
    }

    /** For the new device: re-wrapped keys that do not open, to be dropped and offered to a holder again. */
    @POST
    @Path("/bad-wraps")
    public Released badWraps(@Valid @NotNull BadWraps bad) {
        return new Released(history.releaseBadWraps(caller.require(), bad.seqs()));
    }

    /** For the new device: how much of its history has arrived. */
    @GET
    @Path("/progress")
    public HistoryService.Progress progress() {
        return history.progress(caller.require());
    }
}
