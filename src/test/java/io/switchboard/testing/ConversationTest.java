package io.switchboard.testing;

import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

/** Base of tests about one conversation: a business with its primary and one agent, and one registered customer. */
public abstract class ConversationTest extends ApiTest {

    protected static final String PHONE = "+351912345678";

    @Inject
    protected CapturingPhoneVerifier verifier;

    protected TestDevice owner;
    protected TestDevice agent;
    protected TestDevice customer;
    protected String conversation;

    @BeforeEach
    void accountWithACustomer() {
        owner = primary();
        agent = TestDevice.create("Bruno Agent");
        accounts.linkByQr(owner, agent, "agent");
        customer = TestDevice.create("Maria Cliente");
        accounts.registerCustomer(customer, PHONE, verifier).then().statusCode(204);
        conversation = customer.request().get("/api/customers/me").then().extract().path("conversationId");
    }
}
