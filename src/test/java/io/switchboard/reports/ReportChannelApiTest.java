package io.switchboard.reports;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.supervision.GeneratedFacts;
import io.switchboard.testing.Accounts;
import io.switchboard.testing.ConversationTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reports per channel: this provider's own customers ("direct") or a third-party chat provider (docs/protocol.md §15.8). */
@QuarkusTest
class ReportChannelApiTest extends ConversationTest {

    private static final Instant FROM = Instant.parse("2026-11-02T00:00:00Z");
    private static final String RANGE = "from=2026-11-01&to=2026-11-10&timeZone=UTC";

    @Inject
    GeneratedFacts generated;

    @Inject
    EntityManager entityManager;

    @Test
    void everyNumberSplitsIntoTheDirectChannelAndEachPeerProvider() {
        String team = owner.request().contentType("application/json")
                .body(Map.of("name", "Billing", "policy", "least_loaded", "sticky", false, "stickyForSeconds", 0))
                .post("/api/teams").then().statusCode(201).extract().path("id");
        // Every third generated conversation is a room of the peer a.test: the conversation of a third-party chat. The room exists
        // before the conversation's facts, which keep its channel.
        QuarkusTransaction.requiringNew().run(() -> {
            OffsetDateTime now = FROM.atOffset(ZoneOffset.UTC);
            entityManager.createNativeQuery("insert into federation_peer (domain, address, trust_pem, enabled, updated_at) values ('a.test', 'https://a.test', 'pem', true, ?1)")
                    .setParameter(1, now).executeUpdate();
            for (int i = 0; i < 40; i += 3) {
                entityManager.createNativeQuery("""
                                insert into federation_consent (peer_domain, remote_user, local_user, state, room_id, updated_at)
                                values ('a.test', ?1, ?2, 'granted', ?3, ?4)""")
                        .setParameter(1, String.format("+4917000000%03d", i)).setParameter(2, Accounts.NUMBER).setParameter(3, "gen11x" + i)
                        .setParameter(4, now).executeUpdate();
            }
        });
        generated.generate(11, 40, FROM, 5, List.of(team), List.of(agent.id()));
        long started = count("metric = 'started'");
        long startedAtPeer = count("metric = 'started' and conversation_id in (select room_id from federation_consent)");
        assertTrue(startedAtPeer > 0 && startedAtPeer < started, "both channels have conversations");

        long all = volume("");
        long direct = volume("&channel=direct");
        long peer = volume("&channel=a.test");
        assertEquals(started, all);
        assertEquals(startedAtPeer, peer);
        assertEquals(all, direct + peer);
        assertEquals(0, volume("&channel=c.test"));

        // grouped by channel: one series per channel, each what its filter says, adding up to the whole
        List<Map<String, Object>> series = owner.request().get("/api/reports?" + RANGE + "&groupBy=channel").then().statusCode(200)
                .body("total.volume", equalTo((int) all)).extract().jsonPath().getList("series");
        Map<String, Long> perChannel = new java.util.TreeMap<>();
        series.forEach(s -> perChannel.put((String) s.get("channel"), ((Number) ((Map<?, ?>) s.get("total")).get("volume")).longValue()));
        assertEquals(Map.of("a.test", peer, "direct", direct), perChannel);
        String[] daily = owner.request().get("/api/reports/daily.csv?" + RANGE + "&groupBy=channel").then().statusCode(200).extract().asString()
                .split("\r\n");
        assertTrue(daily[0].endsWith(",topic_id,label,channel"), daily[0]);
        long csvPeer = 0;
        for (int i = 1; i < daily.length; i++) {
            String[] row = daily[i].split(",", -1);
            assertTrue(List.of("a.test", "direct").contains(row[row.length - 1]), daily[i]);
            csvPeer += "a.test".equals(row[row.length - 1]) ? Long.parseLong(row[3]) : 0;
        }
        assertEquals(peer, csvPeer, "the daily rows of the peer's channel add up to its volume");

        List<Map<String, Object>> items = owner.request().get("/api/reports/conversations?" + RANGE + "&metric=volume&limit=500&channel=a.test")
                .then().statusCode(200).extract().jsonPath().getList("items");
        assertEquals(peer, items.size());
        assertTrue(items.stream().allMatch(item -> Integer.parseInt(((String) item.get("conversationId")).substring("gen11x".length())) % 3 == 0));

        // the peer removed (its rooms go with it): what came through it stays its channel's, as written
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("delete from federation_peer where domain = 'a.test'")
                .executeUpdate());
        assertEquals(peer, volume("&channel=a.test"));
        assertEquals(direct, volume("&channel=direct"));
    }

    @Test
    void aChannelThatIsNoDomainIsRefused() {
        owner.request().get("/api/reports?" + RANGE + "&channel=not a domain!").then().statusCode(400)
                .body("code", equalTo("validation_failed")).body("details.fields", hasKey("channel"));
    }

    private long volume(String channel) {
        return owner.request().get("/api/reports?" + RANGE + channel).then().statusCode(200).extract().jsonPath().getLong("total.volume");
    }

    private long count(String where) {
        return data.count("report_fact where at >= '2026-11-01T00:00:00Z' and at < '2026-11-11T00:00:00Z' and " + where);
    }
}
