package io.switchboard.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EndReasonTest {

    @Test
    void theWireNamesAreTheMigrationsSet() throws IOException {
        assertEquals(ConversationStatusTest.checkedValues("db/migration/V16__takeover_and_csat.sql", "alter table assignment add", "end_reason"),
                Arrays.stream(EndReason.values()).map(EndReason::wire).collect(Collectors.toSet()));
        for (EndReason reason : EndReason.values()) {
            assertEquals(reason, EndReason.fromWire(reason.wire()));
        }
        assertThrows(IllegalArgumentException.class, () -> EndReason.fromWire("closed"));
    }
}
