package io.switchboard.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.Clients;
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
        assertEquals(413, answer.statusCode());
        assertEquals(before, data.snapshot());
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
    void healthAndMetricsAreServed() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.containsString("http_server_requests"));
    }
}
