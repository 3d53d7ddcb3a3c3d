package io.switchboard.testing;

import io.quarkus.test.common.QuarkusTestResource;
import io.switchboard.setup.SetupService;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

/** Base of the API tests: one app and one real PostgreSQL for the whole run, emptied before each test. */
@QuarkusTestResource(EmbeddedPostgresResource.class)
public abstract class ApiTest {

    @Inject
    protected TestData data;

    @Inject
    protected TestClock clock;

    @Inject
    protected SetupService setupService;

    protected Accounts accounts;

    @BeforeEach
    void resetState() {
        data.reset();
        accounts = new Accounts(clock);
    }

    /** A set-up account whose primary is signed in. */
    protected TestDevice primary() {
        TestDevice primary = TestDevice.create("Ana Owner");
        accounts.setUp(setupService.issueSetupLink(), primary).then().statusCode(204);
        return primary;
    }
}
