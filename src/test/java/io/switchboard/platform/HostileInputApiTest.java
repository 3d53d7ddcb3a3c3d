package io.switchboard.platform;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.testing.ConversationTest;
import io.switchboard.testing.TestDevice;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Input that once reached the database or a decoder and came back as a 500: now a 400 in the one error shape. */
@QuarkusTest
class HostileInputApiTest extends ConversationTest {

    /** JSON string escapes: NUL, another control character, a lone high and a lone low surrogate. */
    @ParameterizedTest
    @ValueSource(strings = {"\\u0000", "\\u001b", "\\ud800", "\\udc00"})
    void namesWithControlCharactersOrLoneSurrogatesAreRefused(String bad) {
        String name = "\"Ana" + bad + "\"";
        TestDevice stranger = TestDevice.create("Rui");
        refused(stranger.request().body("{\"phone\":\"+351900000009\",\"name\":" + name + "}").post("/api/customers/verifications"));
        refused(owner.request().body("{\"name\":" + name + ",\"policy\":\"manual\",\"sticky\":false,\"stickyForSeconds\":0}")
                .post("/api/teams"));
        refused(owner.request().body("{\"text\":" + name + "}").put("/api/canned-replies/thanks"));
        String team = owner.request().body("{\"name\":\"Sales\",\"policy\":\"manual\",\"sticky\":false,\"stickyForSeconds\":0}")
                .post("/api/teams").then().statusCode(201).extract().path("id");
        refused(owner.request().body("{\"topics\":[{\"label\":" + name + ",\"teamId\":\"" + team + "\",\"priority\":0}]}")
                .put("/api/teams/topics"));
        refused(RestAssured.given().contentType("application/json").body("{\"person\":" + name
                + ",\"label\":\"Phone\",\"signingKey\":\"" + stranger.id() + "\",\"agreementKey\":\"" + stranger.id() + "\"}")
                .post("/api/link/requests"));
        assertEquals(0, data.count("team where name <> 'Sales'"));
        assertEquals(0, data.count("canned_reply"));
    }

    @Test
    void aCannedReplyMayHaveLinesAndPairedSurrogates() {
        owner.request().body("{\"text\":\"Obrigado!\\nAté já \\ud83d\\ude00\"}").put("/api/canned-replies/thanks").then().statusCode(200);
    }

    @Test
    void aNulInAPathOrQueryIsA400() {
        for (String path : List.of("/api/link/requests/%00", "/api/link/requests/ab%00cd/pake", "/api/conversations/%00",
                "/api/blobs?conversation=%00")) {
            var answer = owner.request().urlEncodingEnabled(false).contentType("application/json").body("{}");
            (path.startsWith("/api/blobs") || path.endsWith("/pake") ? answer.post(path) : answer.get(path)).then()
                    .statusCode(400).body("code", equalTo("malformed_request"));
        }
    }

    @Test
    void historyWrapsThatAreNotB64uAreA400() {
        owner.request().body("{\"deviceId\":\"" + agent.id() + "\",\"wraps\":{\"1\":\"not base64!\"}}").post("/api/history/wraps")
                .then().statusCode(400).body("code", equalTo("malformed_input"));
    }

    private static void refused(io.restassured.response.Response answer) {
        answer.then().statusCode(400).body("code", equalTo("validation_failed")).body("details", hasKey("fields"));
    }
}
