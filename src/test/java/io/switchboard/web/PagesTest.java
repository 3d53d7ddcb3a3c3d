package io.switchboard.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.ApiTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class PagesTest extends ApiTest {

    @ParameterizedTest
    @ValueSource(strings = {"index", "setup", "link", "devices", "chat", "inbox", "settings"})
    void everyPageRendersAndLoadsItsModule(String page) {
        String path = page.equals("index") ? "/" : "/" + page;
        given().get(path).then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("/app/" + page + ".js"));
        given().get("/app/" + page + ".js").then().statusCode(200);
    }
}
