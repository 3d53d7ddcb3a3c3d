package io.switchboard.platform.error;

import io.switchboard.platform.HumanText;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a decoded path or query parameter with a control character or an unpaired surrogate
 * ({@code %00}) before any resource sees it: no id or reference contains one, and PostgreSQL would
 * fail on a NUL with a 500.
 */
public class CleanRequestLine {

    @ServerRequestFilter(preMatching = true)
    public Response refuseControlCharacters(ContainerRequestContext request) {
        if (!HumanText.Validator.isClean(request.getUriInfo().getPath(true), false)
                || !clean(request.getUriInfo().getQueryParameters(true))) {
            return ApiExceptionMappers.respond(400, new ApiError("malformed_request",
                    "The path or a query parameter contains a control character.", Map.of()));
        }
        return null;
    }

    private static boolean clean(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> entry : parameters.entrySet()) {
            if (!HumanText.Validator.isClean(entry.getKey(), false) || !entry.getValue().stream().allMatch(v -> HumanText.Validator.isClean(v, false))) {
                return false;
            }
        }
        return true;
    }
}
