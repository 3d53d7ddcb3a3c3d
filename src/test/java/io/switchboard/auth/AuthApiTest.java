package io.switchboard.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceKeys;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.RawHttp;
import io.switchboard.testing.TestDevice;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthApiTest extends ApiTest {

    @Test
    void aDeviceSignsInWithItsKey() {
        TestDevice primary = primary();
        primary.forgetSession();
        primary.request().get("/api/devices").then().statusCode(401).body("code", equalTo("not_signed_in"));

        primary.signIn().then().statusCode(204);

        primary.request().get("/api/devices").then().statusCode(200).body("myDeviceId", equalTo(primary.id()));
    }

    @Test
    void aChallengeCannotBeAnsweredTwice() {
        TestDevice primary = primary();
        String challenge = primary.request().body(Map.of("deviceId", primary.id())).post("/api/auth/challenge").then().extract().path("challenge");
        Map<String, String> answer = Map.of("deviceId", primary.id(), "challenge", challenge, "signature", primary.signChallenge(challenge));
        primary.request().body(answer).post("/api/auth/session").then().statusCode(204);

        primary.request().body(answer).post("/api/auth/session").then().statusCode(401).body("code", equalTo("challenge_invalid"));
    }

    @Test
    void aSignatureByAnotherKeyIsRefusedAndBurnsTheChallenge() {
        TestDevice primary = primary();
        DeviceKeys other = DeviceKeys.generate(new SecureRandom());
        String challenge = primary.request().body(Map.of("deviceId", primary.id())).post("/api/auth/challenge").then().extract().path("challenge");
        String forged = B64u.encode(io.switchboard.protocol.AuthChallenge.signature(other, B64u.decode(challenge), TestDevice.ORIGIN));
        long sessions = data.count("device_session");

        given().contentType("application/json").body(Map.of("deviceId", primary.id(), "challenge", challenge, "signature", forged))
                .post("/api/auth/session").then().statusCode(401).body("code", equalTo("signature_invalid"));

        org.junit.jupiter.api.Assertions.assertEquals(sessions, data.count("device_session"));
        primary.request().body(Map.of("deviceId", primary.id(), "challenge", challenge, "signature", primary.signChallenge(challenge)))
                .post("/api/auth/session").then().statusCode(401).body("code", equalTo("challenge_invalid"));
    }

    @Test
    void aSignatureForAnotherOriginIsRefused() {
        TestDevice primary = primary();
        String challenge = primary.request().body(Map.of("deviceId", primary.id())).post("/api/auth/challenge").then().extract().path("challenge");
        String phished = B64u.encode(io.switchboard.protocol.AuthChallenge.signature(primary.keys, B64u.decode(challenge), "https://evil.example"));
        primary.request().body(Map.of("deviceId", primary.id(), "challenge", challenge, "signature", phished))
                .post("/api/auth/session").then().statusCode(401).body("code", equalTo("signature_invalid"));
    }

    @Test
    void anExpiredChallengeIsRefused() {
        TestDevice primary = primary();
        String challenge = primary.request().body(Map.of("deviceId", primary.id())).post("/api/auth/challenge").then().extract().path("challenge");
        clock.advance(Duration.ofSeconds(61));
        primary.request().body(Map.of("deviceId", primary.id(), "challenge", challenge, "signature", primary.signChallenge(challenge)))
                .post("/api/auth/session").then().statusCode(401).body("code", equalTo("challenge_invalid"));
    }

    @Test
    void aStrangerAskingForADevicesChallengesCannotLockItOut() {
        TestDevice primary = primary();
        String asked = "{\"deviceId\":\"" + primary.id() + "\"}";
        for (int i = 0; i < 60; i++) {
            org.junit.jupiter.api.Assertions.assertEquals(200, RawHttp.postJson("127.0.0.2", "/api/auth/challenge", asked).status());
        }
        RawHttp.Answer refused = RawHttp.postJson("127.0.0.2", "/api/auth/challenge", asked);
        org.junit.jupiter.api.Assertions.assertEquals(429, refused.status());
        org.junit.jupiter.api.Assertions.assertTrue(Long.parseLong(refused.header("Retry-After")) >= 1, refused.headers().toString());
        org.junit.jupiter.api.Assertions.assertTrue(refused.body().contains("\"code\":\"rate_limited\""), refused.body());

        primary.forgetSession();
        primary.signIn().then().statusCode(204);
    }

    @Test
    void wrongAnswersAreLimitedPerDeviceButTheRightOneStillSignsIn() {
        TestDevice primary = primary();
        DeviceKeys other = DeviceKeys.generate(new SecureRandom());
        for (int i = 0; i <= 10; i++) {
            String challenge = primary.request().body(Map.of("deviceId", primary.id())).post("/api/auth/challenge").then().extract().path("challenge");
            String forged = B64u.encode(io.switchboard.protocol.AuthChallenge.signature(other, B64u.decode(challenge), TestDevice.ORIGIN));
            var answer = given().contentType("application/json").body(Map.of("deviceId", primary.id(), "challenge", challenge, "signature", forged))
                    .post("/api/auth/session").then();
            if (i < 10) {
                answer.statusCode(401).body("code", equalTo("signature_invalid"));
            } else {
                answer.statusCode(429).body("code", equalTo("rate_limited")).header("Retry-After", org.hamcrest.Matchers.notNullValue());
            }
        }
        primary.forgetSession();
        primary.signIn().then().statusCode(204);
    }

    @Test
    void anUnknownDeviceGetsNoChallenge() {
        primary();
        TestDevice stranger = TestDevice.create("Stranger");
        stranger.request().body(Map.of("deviceId", stranger.id())).post("/api/auth/challenge")
                .then().statusCode(401).body("code", equalTo("device_unknown"));
    }

    @Test
    void sessionsExpireWhenIdleAndAfterTheirLifetime() {
        TestDevice primary = primary();
        clock.advance(Duration.ofMinutes(31));
        primary.request().get("/api/devices").then().statusCode(401).body("code", equalTo("session_expired"));

        primary.signIn().then().statusCode(204);
        for (int i = 0; i < 24; i++) {
            clock.advance(Duration.ofMinutes(29));
            primary.request().get("/api/devices").then().statusCode(200);
        }
        clock.advance(Duration.ofMinutes(29));
        primary.request().get("/api/devices").then().statusCode(401).body("code", equalTo("session_expired"));
    }

    @Test
    void signingOutEndsTheSession() {
        TestDevice primary = primary();
        String session = primary.session();
        primary.request().delete("/api/auth/session").then().statusCode(204);
        given().cookie(AuthService.COOKIE, session).get("/api/devices").then().statusCode(401);
    }
}
