package io.switchboard.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.protocol.Role;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConversationAccessTest {

    private static final Conversation MARIAS = new Conversation("conv-maria", new Counterpart.Customer("maria", "+351912345678", "Maria"));
    /** An id that names another customer: only the counterpart decides. */
    private static final Conversation RUIS_UNDER_MARIAS_ID = new Conversation("maria", new Counterpart.Customer("rui", "+351912345679", "Rui"));

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("the business's owner touches any conversation", business(Role.OWNER), MARIAS, true),
                Arguments.of("an admin touches any conversation", business(Role.ADMIN), MARIAS, true),
                Arguments.of("a supervisor touches any conversation", business(Role.SUPERVISOR), MARIAS, true),
                Arguments.of("an agent touches one that is not assigned to it", business(Role.AGENT), MARIAS, true),
                Arguments.of("the customer's primary touches its own", customer("maria", Role.OWNER, true), MARIAS, true),
                Arguments.of("the customer's companion touches its own", customer("maria", Role.MEMBER, false), MARIAS, true),
                Arguments.of("another customer does not touch it", customer("rui", Role.OWNER, true), MARIAS, false),
                Arguments.of("another customer's companion does not touch it", customer("rui", Role.MEMBER, false), MARIAS, false),
                Arguments.of("a customer whose id is the conversation's id is not its counterpart", customer("maria", Role.OWNER, true),
                        RUIS_UNDER_MARIAS_ID, false),
                Arguments.of("the counterpart touches it whatever its id", customer("rui", Role.OWNER, true), RUIS_UNDER_MARIAS_ID, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void whoMayTouchAConversation(String name, AuthenticatedDevice device, Conversation conversation, boolean mayTouch) {
        assertEquals(mayTouch, ConversationAccess.mayTouch(device, conversation));
    }

    private static AuthenticatedDevice business(Role role) {
        return new AuthenticatedDevice("device-" + role.wire(), "business", role, role == Role.OWNER, true);
    }

    private static AuthenticatedDevice customer(String customerId, Role role, boolean primary) {
        return new AuthenticatedDevice("device-of-" + customerId + "-" + role.wire(), customerId, role, primary, false);
    }
}
