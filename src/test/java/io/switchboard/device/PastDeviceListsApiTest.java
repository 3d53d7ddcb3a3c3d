package io.switchboard.device;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.client.ReceivedMessage;
import io.switchboard.protocol.DeviceListException;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.CapturingPhoneVerifier;
import io.switchboard.testing.Clients;
import io.switchboard.testing.TestDevice;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Protocol §13.4: earlier list versions, served as stored, verify the senders of messages sent under them. */
@QuarkusTest
class PastDeviceListsApiTest extends ApiTest {

    @Inject
    CapturingPhoneVerifier verifier;

    private TestDevice owner;
    private TestDevice late;

    /** Bruno sends under list version 2, is removed (version 3), and Carla is linked afterwards (version 4). */
    private void brunosMessageThenHisRemovalThenALateDevice() {
        owner = primary();
        TestDevice agent = TestDevice.create("Bruno");
        accounts.linkByQr(owner, agent, "agent");
        TestDevice customer = TestDevice.create("Maria");
        accounts.registerCustomer(customer, "+351912345678", verifier).then().statusCode(204);
        String conversation = customer.request().get("/api/customers/me").then().extract().path("conversationId");
        Clients.of(agent, clock).sendText(conversation, "from Bruno");
        owner.request().body(accounts.without(owner, agent.id()).toJson()).put("/api/devices/list").then().statusCode(200);
        late = TestDevice.create("Carla Late");
        accounts.linkByQr(owner, late, "agent");
        assertEquals(1, Clients.of(owner, clock).rewrapHistory());
    }

    @Test
    void aDeviceLinkedAfterTheSenderWasRemovedReadsItsMessagesOnTheVersionTheyName() {
        brunosMessageThenHisRemovalThenALateDevice();

        List<ReceivedMessage> history = Clients.of(late, clock).fetchAll();

        assertEquals(List.of("from Bruno"), history.stream().map(ReceivedMessage::text).toList());
        assertEquals(2, history.get(0).header().businessListVersion());
    }

    @Test
    void aListVersionTheServerAlteredIsRefused() {
        brunosMessageThenHisRemovalThenALateDevice();
        assertEquals(1, data.execute("update device_list set document = replace(document, '\"Bruno\"', '\"Bruna\"')"
                + " where owner = 'business' and version = 2"));

        DeviceListException refused = assertThrows(DeviceListException.class, () -> Clients.of(late, clock).fetchAll());

        assertEquals(DeviceListException.Reason.BAD_SIGNATURE, refused.reason());
    }

    @Test
    void oldVersionsAreServedAsStoredToThoseWhoMayReadThem() {
        TestDevice owner = primary();
        TestDevice maria = TestDevice.create("Maria");
        accounts.registerCustomer(maria, "+351912345678", verifier).then().statusCode(204);
        TestDevice joao = TestDevice.create("Joao");
        accounts.registerCustomer(joao, "+351912345679", verifier).then().statusCode(204);
        String mariaId = maria.request().get("/api/customers/me").then().extract().path("customerId");
        String query = "select document from device_list where owner = 'business' and version = 1";
        String stored = data.rows(query).substring(query.length() + 1).strip();

        String served = maria.request().get("/api/devices/lists/1").then().statusCode(200).extract().asString();
        assertEquals(stored, served, "byte for byte as stored");
        owner.request().get("/api/customers/" + mariaId + "/lists/1").then().statusCode(200)
                .body("list.account", equalTo("+351912345678"));
        maria.request().get("/api/customers/" + mariaId + "/lists/1").then().statusCode(200);
        joao.request().get("/api/customers/" + mariaId + "/lists/1").then().statusCode(404)
                .body("code", equalTo("device_list_not_found"));
        owner.request().get("/api/customers/" + mariaId + "/lists/2").then().statusCode(404)
                .body("code", equalTo("device_list_not_found"));
        owner.request().get("/api/devices/lists/9").then().statusCode(404).body("code", equalTo("device_list_not_found"));
        owner.request().get("/api/devices/list?version=1").then().statusCode(400).body("code", equalTo("validation_failed"));
    }
}
