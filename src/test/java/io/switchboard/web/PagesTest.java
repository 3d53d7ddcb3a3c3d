package io.switchboard.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.ApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class PagesTest extends ApiTest {

    @ParameterizedTest
    @ValueSource(strings = {"index", "setup", "link", "devices", "chat", "inbox", "settings", "board", "recover"})
    void everyPageRendersAndLoadsItsModule(String page) {
        String path = page.equals("index") ? "/" : "/" + page;
        given().get(path).then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("/app/" + page + ".js"));
        given().get("/app/" + page + ".js").then().statusCode(200);
    }

    /** The Content-Security-Policy allows no inline script or style, so the pages must not have any. */
    @ParameterizedTest
    @ValueSource(strings = {"/", "/setup", "/link", "/devices", "/chat", "/inbox", "/settings", "/board", "/no-such-page"})
    void pagesHaveNoInlineScriptOrStyle(String path) {
        String html = given().accept(BROWSER_ACCEPT).get(path).then().header("Content-Security-Policy", containsString("script-src 'self';"))
                .extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(html.matches("(?s).*<script(?![^>]*\\ssrc=)[^>]*>.*"), "inline script in " + path);
        org.junit.jupiter.api.Assertions.assertFalse(html.matches("(?s).*(<style|\\sstyle=|\\son[a-z]+=|javascript:|data:).*"),
                "inline style, handler or data: URL in " + path);
        given().get("/favicon.svg").then().statusCode(200);
    }

    /** What Chromium and Firefox send when a person opens a link. */
    static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Test
    void aBrowserOpeningAnUnknownAddressGetsAPage() {
        given().accept(BROWSER_ACCEPT).get("/no-such-page").then().statusCode(404)
                .contentType(containsString("text/html")).body(containsString("Page not found"))
                .body(containsString("href=\"/\""));
    }

    @Test
    void apiClientsKeepTheJsonErrorForUnknownAddresses() {
        given().get("/no-such-page").then().statusCode(404)
                .contentType(containsString("application/json")).body("code", equalTo("not_found"));
        given().accept("application/json").get("/no-such-page").then().statusCode(404).body("code", equalTo("not_found"));
        given().accept(BROWSER_ACCEPT).get("/api/nothing-here").then().statusCode(404)
                .contentType(containsString("application/json")).body("code", equalTo("not_found"));
    }
}
