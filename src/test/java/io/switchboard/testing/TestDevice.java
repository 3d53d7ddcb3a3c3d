package io.switchboard.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.switchboard.auth.AuthService;
import io.switchboard.protocol.AuthChallenge;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceKeys;
import java.security.SecureRandom;
import java.util.Map;

/** A device driven through the real HTTP API with real keys: what a Java client would do. */
public final class TestDevice {

    /** The test app's port: 8081 unless {@code -Dtest.port} (pom) moves it, so two worktrees can run tests at once. */
    public static final int PORT = Integer.getInteger("test.port", 8081);
    public static final String ORIGIN = "http://localhost:" + PORT;
    private static final SecureRandom RANDOM = new SecureRandom();

    public final DeviceKeys keys;
    public final String person;
    public final String label;
    private String session;

    private TestDevice(DeviceKeys keys, String person, String label) {
        this.keys = keys;
        this.person = person;
        this.label = label;
    }

    public static TestDevice create(String person) {
        return new TestDevice(DeviceKeys.generate(RANDOM), person, "Test client");
    }

    public String id() {
        return keys.deviceId();
    }

    public String signingKey() {
        return keys.signingKeyB64u();
    }

    public String agreementKey() {
        return keys.agreementKeyB64u();
    }

    /** A request as this device: JSON, and its session cookie when it has one. */
    public RequestSpecification request() {
        RequestSpecification spec = given().contentType(ContentType.JSON).header("User-Agent", "Switchboard test client");
        return session == null ? spec : spec.cookie(AuthService.COOKIE, session);
    }

    public Response adoptSession(Response response) {
        String cookie = response.getCookie(AuthService.COOKIE);
        if (cookie != null) {
            session = cookie;
        }
        return response;
    }

    public String session() {
        return session;
    }

    public void forgetSession() {
        session = null;
    }

    /** Signs in with the device key (docs/protocol.md §5). */
    public Response signIn() {
        String challenge = request().body(Map.of("deviceId", id())).post("/api/auth/challenge")
                .then().statusCode(200).extract().path("challenge");
        return adoptSession(request().body(Map.of("deviceId", id(), "challenge", challenge,
                        "signature", signChallenge(challenge)))
                .post("/api/auth/session"));
    }

    public String signChallenge(String challenge) {
        return B64u.encode(AuthChallenge.signature(keys, B64u.decode(challenge), ORIGIN));
    }
}
