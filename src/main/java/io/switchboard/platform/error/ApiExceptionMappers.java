package io.switchboard.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.switchboard.protocol.ProtocolException;
import jakarta.ws.rs.Priorities;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure of the REST layer to the one {@link ApiError} shape: services' refusals
 * ({@link DomainException}) to their status by kind, the rest by what failed.
 */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response refused(DomainException e) {
        return answer(e).build();
    }

    /** A service's refusal as an HTTP answer, for the rare resource that adds a header of its own. */
    public static Response.ResponseBuilder answer(DomainException e) {
        Response.ResponseBuilder response = Response.status(status(e.kind())).type(MediaType.APPLICATION_JSON_TYPE).entity(error(e));
        // Every rate limit carries its retry time (DomainException refuses one without), so all of them get the header here.
        e.retryAfterSeconds().ifPresent(seconds -> response.header("Retry-After", seconds));
        return response;
    }

    static ApiError error(DomainException e) {
        Map<String, Object> details = new LinkedHashMap<>(e.details());
        e.retryAfterSeconds().ifPresent(seconds -> details.put(DomainException.RETRY_AFTER_SECONDS, seconds));
        return new ApiError(e.code(), e.getMessage(), details);
    }

    /** The one table from the kinds of refusal to HTTP statuses. */
    static int status(DomainException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case GONE -> 410;
            case TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case UNAVAILABLE -> 503;
        };
    }

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response invalidJson(JsonProcessingException e) {
        return malformedJson();
    }

    /** Overrides Quarkus' built-in mapper, which answers 400 with an empty body. */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response mismatchedJson(MismatchedInputException e) {
        return malformedJson();
    }

    private static Response malformedJson() {
        return respond(400, new ApiError("malformed_json", "The request body is not valid JSON of the expected shape.", Map.of()));
    }

    /** Input that fails to decode (b64u, a key's length, a protocol value) past the resource's own checks. */
    @ServerExceptionMapper
    public Response undecodable(ProtocolException e) {
        return respond(400, new ApiError("malformed_input", "A value in the request does not decode: " + e.getMessage(), Map.of()));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            fields.put(leafName(violation.getPropertyPath().toString()), violation.getMessage());
        }
        return refused(new ValidationFailed(fields));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (causedByJson(e)) {
            return malformedJson();
        }
        int status = e.getResponse().getStatus();
        String code = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
        String message = switch (status) {
            case 404 -> "There is nothing here.";
            case 405 -> "This endpoint does not accept this HTTP method.";
            case 415 -> "Send the body as application/json (an attachment blob as application/octet-stream).";
            default -> e.getMessage() == null ? "The request was refused." : e.getMessage();
        };
        return respond(status, new ApiError(code, message, Map.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (DatabaseUnreachable.causedIt(e)) {
            LOG.warnf("Database unreachable: %s", e.toString());
            return respond(503, new ApiError("unavailable", "The server cannot reach its database right now; try again shortly.", Map.of()));
        }
        LOG.error("Unexpected failure", e);
        return respond(500, new ApiError("internal_error", "Something went wrong on the server. Part of the request may have been saved: reload before you try again.", Map.of()));
    }

    private static boolean causedByJson(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException) {
                return true;
            }
        }
        return false;
    }

    static Response respond(int status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(error).build();
    }

    /** "approve.request.role" → "role": clients know their own field names, not our method names. */
    private static String leafName(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
