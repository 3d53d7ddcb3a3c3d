package io.switchboard.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.switchboard.protocol.AuthChallenge;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * HTTP to a Switchboard server as one device: JSON in and out, the session cookie kept, and a
 * silent sign-in with the device key whenever the session has ended.
 */
public final class ApiClient {

    private static final Set<String> SIGN_IN_AGAIN = Set.of("not_signed_in", "session_expired");

    private final URI base;
    private final String origin;
    private final DeviceKeys keys;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private volatile String session;

    public ApiClient(URI base, DeviceKeys keys) {
        this(base, base.getScheme() + "://" + base.getAuthority(), keys);
    }

    /**
     * For a node reached at another address than the public URL (behind a load balancer, or a
     * test's second node): sign-in signatures and the WebSocket {@code Origin} use {@code origin}.
     */
    public ApiClient(URI base, String origin, DeviceKeys keys) {
        this.base = base;
        this.origin = origin;
        this.keys = keys;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public URI base() {
        return base;
    }

    public String origin() {
        return origin;
    }

    public DeviceKeys keys() {
        return keys;
    }

    public ObjectMapper json() {
        return json;
    }

    public String session() {
        return session;
    }

    /** Uses a session obtained elsewhere (e.g. from the registration or linking answer). */
    public void adoptSession(String token) {
        this.session = token;
    }

    public HttpClient http() {
        return http;
    }

    public JsonNode get(String path) {
        return call("GET", path, null, true);
    }

    public JsonNode post(String path, Object body) {
        return call("POST", path, body, true);
    }

    /** Proves possession of the signing key (docs/protocol.md §5) and keeps the session cookie. */
    public void signIn() {
        JsonNode challenge = call("POST", "/api/auth/challenge", Map.of("deviceId", keys.deviceId()), false);
        String signature = B64u.encode(AuthChallenge.signature(keys, B64u.decode(challenge.get("challenge").asText()), origin));
        call("POST", "/api/auth/session", Map.of("deviceId", keys.deviceId(), "challenge", challenge.get("challenge").asText(),
                "signature", signature), false);
    }

    /** Posts raw bytes ({@code application/octet-stream}, e.g. an encrypted blob) and reads a JSON answer. */
    public JsonNode postBytes(String path, byte[] body) {
        return json(send("POST", path, () -> HttpRequest.BodyPublishers.ofByteArray(body), "application/octet-stream",
                "application/json", true));
    }

    /** Gets raw bytes (e.g. an encrypted blob); errors are still the JSON of §8. */
    public byte[] getBytes(String path) {
        return send("GET", path, null, null, "application/octet-stream, application/json", true).body();
    }

    private JsonNode call(String method, String path, Object body, boolean mayRetry) {
        String text;
        try {
            text = body == null ? null : json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body cannot be written as JSON", e);
        }
        return json(send(method, path, text == null ? null : () -> HttpRequest.BodyPublishers.ofString(text), "application/json",
                "application/json", mayRetry));
    }

    private JsonNode json(HttpResponse<byte[]> response) {
        try {
            return response.body().length == 0 ? NullNode.getInstance() : json.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("the server answered something that is not JSON", e);
        }
    }

    /** One request; a 4xx/5xx becomes {@link ApiCallException}, and an ended session a silent sign-in and one retry. */
    private HttpResponse<byte[]> send(String method, String path, Supplier<HttpRequest.BodyPublisher> body, String contentType,
                                      String accept, boolean mayRetry) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                    .header("Accept", accept).header("User-Agent", "Switchboard Java client");
            if (session != null) {
                request.header("Cookie", "sb_session=" + session);
            }
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", contentType).method(method, body.get());
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().allValues("set-cookie").stream()
                    .filter(cookie -> cookie.startsWith("sb_session="))
                    .forEach(cookie -> session = cookie.substring("sb_session=".length(), cookie.indexOf(';') < 0 ? cookie.length() : cookie.indexOf(';')));
            if (response.statusCode() >= 400) {
                JsonNode answer = errorBody(response);
                String code = answer.path("code").asText("http_" + response.statusCode());
                if (mayRetry && response.statusCode() == 401 && SIGN_IN_AGAIN.contains(code)) {
                    signIn();
                    return send(method, path, body, contentType, accept, false);
                }
                throw new ApiCallException(response.statusCode(), code, answer.path("message").asText(""), answer.path("details"));
            }
            return response;
        } catch (IOException e) {
            throw new ClientIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientIOException(e);
        }
    }

    private JsonNode errorBody(HttpResponse<byte[]> response) {
        try {
            return response.body().length == 0 ? NullNode.getInstance() : json.readTree(response.body());
        } catch (IOException e) {
            return NullNode.getInstance();
        }
    }

    /** The server could not be reached. */
    public static final class ClientIOException extends RuntimeException {
        ClientIOException(Exception cause) {
            super(cause);
        }
    }
}
