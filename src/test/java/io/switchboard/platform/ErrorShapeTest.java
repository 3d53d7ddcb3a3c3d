package io.switchboard.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.platform.error.ApiError;
import io.switchboard.platform.error.ApiExceptionMappers;
import io.switchboard.platform.error.DomainException;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.Clients;
import io.switchboard.testing.RawHttp;
import io.switchboard.testing.TestDevice;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every refusal has the one JSON shape: a stable code and a message, and changes nothing. */
@QuarkusTest
class ErrorShapeTest extends ApiTest {

    @Test
    void malformedJsonIsA400WithTheErrorShape() {
        TestDevice primary = primary();
        String before = data.snapshot();
        primary.request().body("{\"method\": \"qr\", ").post("/api/link/requests")
                .then().statusCode(400).body("code", equalTo("malformed_json")).body("message", notNullValue());
        assertEquals(before, data.snapshot());
    }

    @Test
    void missingFieldsNameTheField() {
        primary();
        given().contentType("application/json").body("{\"method\":\"qr\"}").post("/api/link/requests")
                .then().statusCode(400).body("code", equalTo("validation_failed")).body("details.fields.person", notNullValue());
    }

    @Test
    void aWrongFieldTypeIsRefused() {
        primary();
        given().contentType("application/json").body("{\"deviceId\": {\"x\": 1}}").post("/api/auth/challenge")
                .then().statusCode(400).body("code", equalTo("malformed_json"));
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() {
        TestDevice primary = primary();
        String before = data.snapshot();
        String huge = "{\"person\":\"" + "x".repeat(70 * 1024) + "\"}";
        primary.request().body(huge).post("/api/link/requests")
                .then().statusCode(413).body("code", equalTo("payload_too_large")).body("details.limit", equalTo(65536));
        assertEquals(before, data.snapshot());
    }

    @Test
    void anOversizedBodySentWithoutALengthIsRefusedToo() throws Exception {
        TestDevice primary = primary();
        String before = data.snapshot();
        byte[] huge = ("{\"person\":\"" + "x".repeat(200 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        // The HTTP server's own limit is the (much larger) blob limit; JSON keeps 64 KiB when chunked too.
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(Clients.BASE.resolve("/api/link/requests"))
                .header("Content-Type", "application/json").header("Cookie", "sb_session=" + primary.session())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, answer.statusCode(), answer.headers() + " " + answer.body());
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(""));
        assertTrue(answer.body().contains("\"code\":\"payload_too_large\""), answer.body());
        assertEquals(before, data.snapshot());
    }

    @Test
    void aSmallChunkedJsonBodyIsReadAsUsual() {
        try (RawHttp http = RawHttp.connect("127.0.0.1")) {
            String json = "{\"deviceId\":\"AAAAAAAAAAAAAAAAAAAAAA\"}";
            http.send("POST /api/auth/challenge HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n",
                    new byte[0]);
            RawHttp.Answer answer = http.read();
            assertEquals(401, answer.status(), answer.body());
            assertTrue(answer.body().contains("device_unknown"), answer.body());
            assertEquals("close", answer.header("Connection"));
            assertTrue(http.closedByServer(), "a request with a Transfer-Encoding ends its connection");
        }
    }

    @Test
    void aBodyWithBothALengthAndATransferEncodingIsNotTakenAsTwoRequests() {
        primary();
        try (RawHttp http = RawHttp.connect("127.0.0.1")) {
            // A proxy reading the length sees one request; a server reading the chunks would see a second, smuggled one.
            String smuggled = "GET /api/devices HTTP/1.1\r\nHost: localhost\r\n\r\n";
            String chunks = "0\r\n\r\n";
            http.send("POST /api/auth/challenge HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (chunks.length() + smuggled.length()) + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunks + smuggled, new byte[0]);
            // Refused by the HTTP decoder itself (Netty), before any handler of ours runs.
            assertEquals(400, http.read().status());
            assertTrue(http.closedByServer(), "the smuggled request is never answered");
        }
    }

    @Test
    void unknownApiPathsAndMethodsUseTheShape() {
        given().get("/api/nothing-here").then().statusCode(404).body("code", equalTo("not_found"));
        given().delete("/api/account").then().statusCode(405).body("code", equalTo("method_not_allowed"));
    }

    @Test
    void aWrongContentTypeIsRefused() {
        given().contentType("text/plain").body("hello").post("/api/auth/challenge")
                .then().statusCode(415).body("code", equalTo("unsupported_media_type"));
    }

    @Test
    void healthAndMetricsAreServedOnTheManagementPortOnly() {
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/health").then().statusCode(404);
        given().port(MANAGEMENT_TEST_PORT).get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().port(MANAGEMENT_TEST_PORT).get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("jvm_threads_live_threads"));
    }

    /** Quarkus' management port in tests (pom: {@code test.management-port}). */
    static final int MANAGEMENT_TEST_PORT = Integer.getInteger("test.management-port", 9001);

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        for (io.restassured.response.Response answer : java.util.List.of(
                given().get("/api/nothing-here"), given().get("/styles.css"), given().accept("text/html").get("/"),
                given().contentType("application/json").body("{\"person\":\"" + "x".repeat(70 * 1024) + "\"}").post("/api/link/requests"))) {
            answer.then().header("Content-Security-Policy", equalTo(io.switchboard.web.SecurityHeaders.CONTENT_SECURITY_POLICY))
                    .header("X-Frame-Options", equalTo("DENY")).header("Referrer-Policy", equalTo("no-referrer"))
                    .header("X-Content-Type-Options", equalTo("nosniff"));
        }
        org.hamcrest.MatcherAssert.assertThat(io.switchboard.web.SecurityHeaders.CONTENT_SECURITY_POLICY,
                org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("frame-ancestors 'none'"),
                        org.hamcrest.Matchers.containsString("script-src 'self';"),
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("unsafe-"))));
    }

    @Test
    void everyRefusalForTooManyRequestsSaysWhenToRetry() {
        DomainException refusal = new DomainException("rate_limited", "Wait.", java.time.Duration.ofMillis(1500)) {
        };
        assertEquals(2, refusal.retryAfterSeconds().orElseThrow());
        jakarta.ws.rs.core.Response answer = ApiExceptionMappers.answer(refusal).build();
        assertEquals(429, answer.getStatus());
        assertEquals(2L, answer.getHeaders().getFirst("Retry-After"));
        assertEquals(2L, ((ApiError) answer.getEntity()).details().get("retryAfterSeconds"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new DomainException(DomainException.Kind.RATE_LIMITED, "rate_limited", "Wait.") {
                });
    }
}
