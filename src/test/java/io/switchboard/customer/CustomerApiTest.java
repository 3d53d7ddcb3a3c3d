package io.switchboard.customer;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.CapturingPhoneVerifier;
import io.switchboard.testing.RawHttp;
import io.switchboard.testing.TestDevice;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CustomerApiTest extends ApiTest {

    static final String PHONE = "+351912345678";

    @Inject
    CapturingPhoneVerifier verifier;

    @Test
    void aCustomerProvesTheirNumberAndTheirBrowserBecomesTheirPrimary() {
        primary();
        TestDevice customer = TestDevice.create("Maria Cliente");

        accounts.registerCustomer(customer, PHONE, verifier).then().statusCode(204);

        customer.request().get("/api/customers/me").then().statusCode(200)
                .body("phone", equalTo(PHONE)).body("name", equalTo("Maria Cliente"))
                .body("customerList.list.account", equalTo(PHONE))
                .body("businessList.list.version", equalTo(1));
    }

    @Test
    void aCustomerDeviceCannotUseTheBusinessApi() {
        primary();
        TestDevice customer = TestDevice.create("Maria");
        accounts.registerCustomer(customer, PHONE, verifier).then().statusCode(204);

        customer.request().get("/api/devices").then().statusCode(403).body("code", equalTo("business_device_required"));
        // A customer's first browser lists only requests to join its own list, never the business's.
        accounts.openQr(TestDevice.create("Bruno"));
        customer.request().get("/api/link/requests").then().statusCode(200).body("$", org.hamcrest.Matchers.hasSize(0));
        customer.request().get("/api/audit").then().statusCode(403);
    }

    @Test
    void wrongCodesAreCountedAndLimited() {
        primary();
        TestDevice customer = TestDevice.create("Maria");
        String id = startVerification(customer);
        String right = verifier.lastCodeFor(PHONE);
        String wrong = right.equals("000000") ? "111111" : "000000";
        Map<String, Object> wrongAnswer = Map.of("code", wrong, "deviceList", accounts.customerList(customer, PHONE).toJson());
        for (int left = 4; left >= 0; left--) {
            customer.request().body(wrongAnswer).post("/api/customers/verifications/" + id + "/confirm").then().statusCode(400)
                    .body("code", equalTo("verification_code_wrong")).body("details.attemptsLeft", equalTo(left));
        }
        customer.request().body(Map.of("code", right, "deviceList", accounts.customerList(customer, PHONE).toJson()))
                .post("/api/customers/verifications/" + id + "/confirm").then().statusCode(429)
                .body("code", equalTo("verification_attempts_exceeded")).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        assertEquals(0, data.count("customer"));
    }

    @Test
    void anExpiredCodeIsRefusedAndNothingIsCreated() {
        primary();
        TestDevice customer = TestDevice.create("Maria");
        String id = startVerification(customer);
        clock.advance(Duration.ofMinutes(11));
        customer.request().body(Map.of("code", verifier.lastCodeFor(PHONE), "deviceList", accounts.customerList(customer, PHONE).toJson()))
                .post("/api/customers/verifications/" + id + "/confirm").then().statusCode(410).body("code", equalTo("verification_expired"));
        assertEquals(0, data.count("customer"));
    }

    @Test
    void aListForAnotherNumberIsRefused() {
        primary();
        TestDevice customer = TestDevice.create("Maria");
        String id = startVerification(customer);
        customer.request().body(Map.of("code", verifier.lastCodeFor(PHONE), "deviceList",
                        accounts.customerList(customer, "+351900000000").toJson()))
                .post("/api/customers/verifications/" + id + "/confirm").then().statusCode(400)
                .body("code", equalTo("device_list_invalid")).body("details.reason", equalTo("wrong-account"));
        assertEquals(0, data.count("customer"));
    }

    @Test
    void anInvalidPhoneIsRefused() {
        primary();
        TestDevice customer = TestDevice.create("Maria");
        customer.request().body(Map.of("phone", "912345678", "name", "Maria")).post("/api/customers/verifications")
                .then().statusCode(400).body("code", equalTo("phone_invalid"));
        assertEquals(0, data.count("phone_verification"));
    }

    @Test
    void aNumberGetsAtMostFiveCodesAnHourAskedFromOneAddress() {
        primary();
        TestDevice customer = TestDevice.create("Maria");
        for (int i = 0; i < 5; i++) {
            customer.request().body(Map.of("phone", PHONE, "name", "Maria")).post("/api/customers/verifications").then().statusCode(200);
        }
        customer.request().body(Map.of("phone", PHONE, "name", "Maria")).post("/api/customers/verifications")
                .then().statusCode(429).body("code", equalTo("rate_limited")).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        clock.advance(Duration.ofHours(1));
        customer.request().body(Map.of("phone", PHONE, "name", "Maria")).post("/api/customers/verifications").then().statusCode(200);
    }

    @Test
    void aStrangerCannotUseUpTheCodesOfSomeoneElsesNumber() {
        primary();
        String asked = "{\"phone\":\"" + PHONE + "\",\"name\":\"Mallory\"}";
        for (int i = 0; i < 5; i++) {
            assertEquals(200, RawHttp.postJson("127.0.0.2", "/api/customers/verifications", asked).status());
        }
        RawHttp.Answer refused = RawHttp.postJson("127.0.0.2", "/api/customers/verifications", asked);
        assertEquals(429, refused.status());
        assertEquals(true, refused.header("Retry-After") != null, refused.headers().toString());

        TestDevice owner = TestDevice.create("Maria");
        accounts.registerCustomer(owner, PHONE, verifier).then().statusCode(204);
    }

    @Test
    void aNumberGetsAtMostTwentyCodesAnHourInAll() {
        primary();
        String asked = "{\"phone\":\"" + PHONE + "\",\"name\":\"Maria\"}";
        for (int address = 2; address <= 5; address++) {
            for (int i = 0; i < 5; i++) {
                assertEquals(200, RawHttp.postJson("127.0.0." + address, "/api/customers/verifications", asked).status());
            }
        }
        assertEquals(429, RawHttp.postJson("127.0.0.6", "/api/customers/verifications", asked).status());
        assertEquals(20, data.count("phone_verification"));
    }

    private String startVerification(TestDevice customer) {
        return customer.request().body(Map.of("phone", PHONE, "name", customer.person)).post("/api/customers/verifications")
                .then().statusCode(200).extract().path("verificationId");
    }
}
