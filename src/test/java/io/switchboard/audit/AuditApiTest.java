package io.switchboard.audit;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.testing.Clients;
import io.switchboard.testing.ConversationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit trail through the API: what people's floor actions leave, the filters, the CSV export and who may read it. */
@QuarkusTest
class AuditApiTest extends ConversationTest {

    private void customerWritesAndTheOwnerAssigns() throws Exception {
        try (SwitchboardClient client = Clients.of(customer, clock)) {
            client.sendText(conversation, "Hello?");
        }
        owner.request().contentType("application/json").body(Map.of("deviceId", agent.id()))
                .post("/api/conversations/" + conversation + "/assign").then().statusCode(200);
    }

    @Test
    void anAssignmentByAPersonIsAuditedAndTheFiltersFindIt() throws Exception {
        customerWritesAndTheOwnerAssigns();
        owner.request().get("/api/audit?action=conversation.assigned").then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].actorDeviceId", equalTo(owner.id()))
                .body("[0].subjectDeviceId", equalTo(agent.id()))
                .body("[0].details.conversation", equalTo(conversation));
        owner.request().get("/api/audit?device=" + agent.id()).then().statusCode(200)
                .body("action", hasItem("conversation.assigned"))
                .body("action", hasItem("link.completed"));
        String future = clock.instant().plus(Duration.ofHours(1)).toString();
        owner.request().get("/api/audit?from=" + future).then().statusCode(200).body("", hasSize(0));
        owner.request().get("/api/audit?to=" + future + "&action=link.approved&action=link.completed").then().statusCode(200)
                .body("action", everyItem(org.hamcrest.Matchers.oneOf("link.approved", "link.completed")));
        owner.request().get("/api/audit?action=no.such").then().statusCode(400).body("code", equalTo("validation_failed"));
    }

    @Test
    void pagesGoBackInTimeWithoutGapsOrRepeats() {
        List<Integer> all = owner.request().get("/api/audit?limit=1000").then().statusCode(200).extract().path("id");
        assertTrue(all.size() >= 3, "setup and two links leave entries");
        List<Integer> first = owner.request().get("/api/audit?limit=2").then().extract().path("id");
        List<Integer> rest = owner.request().get("/api/audit?limit=1000&before=" + first.get(1)).then().extract().path("id");
        assertEquals(all.subList(0, 2), first);
        assertEquals(all.subList(2, all.size()), rest);
    }

    @Test
    void theCsvExportIsAuditedAndListsItself() {
        String csv = owner.request().get("/api/audit/export.csv").then().statusCode(200)
                .header("Content-Type", org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals("id,at,action,actor_device_id,subject_device_id,details", lines[0]);
        assertTrue(lines[1].contains(",audit.exported," + owner.id() + ","), lines[1]);
        assertEquals(data.count("audit_event"), lines.length - 1);
        assertEquals(1, data.count("audit_event where action = 'audit.exported'"));
    }

    @Test
    void agentsAndCustomersAreRefusedAndNoExportIsRecorded() {
        agent.request().get("/api/audit").then().statusCode(403);
        agent.request().get("/api/audit/export.csv").then().statusCode(403);
        customer.request().get("/api/audit/export.csv").then().statusCode(403);
        assertEquals(0, data.count("audit_event where action = 'audit.exported'"));
        owner.request().get("/api/audit").then().body("action", not(hasItem("audit.exported")));
    }

    @Test
    void theTrailIsAppendOnly() {
        assertThrows(RuntimeException.class, () -> data.execute("update audit_event set action = 'x'"));
        assertThrows(RuntimeException.class, () -> data.execute("delete from audit_event"));
        assertTrue(data.count("audit_event where action = 'account.setup'") == 1);
    }
}
