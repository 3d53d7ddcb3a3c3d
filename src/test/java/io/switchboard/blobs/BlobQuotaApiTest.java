package io.switchboard.blobs;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.platform.RateLimited;
import io.switchboard.platform.RateLimiter;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.testing.Clients;
import io.switchboard.testing.ConversationTest;
import io.switchboard.testing.TestDevice;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What one device and one conversation may keep: upload rate, bytes per conversation, and no blob without its message. */
@QuarkusTest
class BlobQuotaApiTest extends ConversationTest {

    @Inject
    RateLimiter limiter;

    @Inject
    SwitchboardConfig config;

    @Inject
    UnclaimedBlobs unclaimed;

    @Inject
    BlobStore store;

    @Test
    void aDeviceThatUploadedItsLimitThisMinuteIsRefused() {
        upload(customer, 100).then().statusCode(201);
        for (int i = 0; i < 100_000; i++) {
            try {
                limiter.check(RateLimiter.Purpose.BLOB_UPLOAD, customer.id());
            } catch (RateLimited refused) {
                break;
            }
        }
        upload(customer, 100).then().statusCode(429).body("code", equalTo("rate_limited")).header("Retry-After", notNullValue());
        upload(agent, 100).then().statusCode(201);
        assertEquals(2, data.count("blob"));
    }

    @Test
    void aConversationHoldsNoMoreBlobBytesThanItsQuota() {
        long quota = config.blobs().maxBytesPerConversation();
        upload(customer, 1000).then().statusCode(201);
        // As if earlier uploads had filled the conversation up to 500 bytes below its quota.
        data.execute("insert into blob (id, conversation_id, uploader_device_id, size, created_at) values ('AAAAAAAAAAAAAAAAAAAAAA', '"
                + conversation + "', '" + customer.id() + "', " + (quota - 1500) + ", now())");

        upload(customer, 501).then().statusCode(413).body("code", equalTo("conversation_storage_full"))
                .body("details.limit", equalTo((int) quota));
        upload(agent, 500).then().statusCode(201);
        upload(agent, 28).then().statusCode(413).body("code", equalTo("conversation_storage_full"));
        assertEquals(3, data.count("blob"));
        assertEquals(2, data.blobFiles().size(), "a refused upload leaves no file");
    }

    @Test
    void blobsNoMessageClaimedAreDeletedAfterTheirLifetime() {
        Duration lifetime = config.blobs().unclaimedLifetime();
        String claimed = upload(customer, 100).then().statusCode(201).extract().path("blobId");
        clock.advance(Duration.ofSeconds(1));
        Clients.of(customer, clock).sendText(conversation, "the photo");
        clock.advance(Duration.ofSeconds(1));
        String unclaimed = upload(customer, 100).then().statusCode(201).extract().path("blobId");
        String agentsOwn = upload(agent, 100).then().statusCode(201).extract().path("blobId");

        clock.advance(lifetime.minusMinutes(1));
        assertEquals(0, this.unclaimed.deleteUnclaimed(), "nothing is deleted before its lifetime is over");

        clock.advance(Duration.ofMinutes(2));
        assertEquals(2, this.unclaimed.deleteUnclaimed());
        assertEquals(1, data.count("blob"));
        assertEquals(1, data.count("blob where id = '" + claimed + "'"));
        assertTrue(store.find(claimed).isPresent());
        assertTrue(store.find(unclaimed).isEmpty());
        assertTrue(store.find(agentsOwn).isEmpty(), "the customer's message does not claim the agent's upload");
    }

    private Response upload(TestDevice device, int size) {
        return device.request().contentType("application/octet-stream").body(new byte[size])
                .post("/api/blobs?conversation=" + conversation);
    }
}
