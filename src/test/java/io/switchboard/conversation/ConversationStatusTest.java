package io.switchboard.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConversationStatusTest {

    @ParameterizedTest(name = "{0} → {1}: {2} ({3})")
    @CsvSource(delimiter = '|', textBlock = """
            OPEN     | PENDING  | true  | the agent waits on the customer
            OPEN     | SNOOZED  | true  | put aside until later
            OPEN     | RESOLVED | true  | done
            OPEN     | OPEN     | false | reopening an open conversation is refused
            PENDING  | OPEN     | true  | the customer answered, or an agent reopened it
            PENDING  | SNOOZED  | true  | put aside while waiting on the customer
            PENDING  | RESOLVED | true  | done without the customer's answer
            PENDING  | PENDING  | false | staying is not a change
            SNOOZED  | OPEN     | true  | the snooze ended, the customer wrote, or an agent reopened it
            SNOOZED  | RESOLVED | true  | done while snoozed
            SNOOZED  | PENDING  | false | only an open conversation waits on the customer
            SNOOZED  | SNOOZED  | false | staying is not a change
            RESOLVED | OPEN     | true  | the customer wrote again, or an agent reopened it
            RESOLVED | SNOOZED  | false | a resolved conversation is reopened before it is snoozed
            RESOLVED | PENDING  | false | only an open conversation waits on the customer
            RESOLVED | RESOLVED | false | resolving twice changes nothing
            """)
    void transitions(ConversationStatus from, ConversationStatus to, boolean allowed, String why) {
        assertEquals(allowed, from.canBecome(to), why);
    }

    @Test
    void theWireNamesAreTheMigrationsSet() throws IOException {
        assertEquals(checkedValues("db/migration/V5__routing.sql", "create table conversation", "status"),
                Arrays.stream(ConversationStatus.values()).map(ConversationStatus::wire).collect(Collectors.toSet()));
        for (ConversationStatus status : ConversationStatus.values()) {
            assertEquals(status, ConversationStatus.fromWire(status.wire()));
        }
        assertThrows(IllegalArgumentException.class, () -> ConversationStatus.fromWire("closed"));
    }

    /** The values of the first {@code column in (...)} check constraint after {@code from} in a migration. */
    static Set<String> checkedValues(String migration, String from, String column) throws IOException {
        try (InputStream in = ConversationStatusTest.class.getClassLoader().getResourceAsStream(migration)) {
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String sql = all.substring(all.indexOf(from));
            Matcher matcher = Pattern.compile("check \\(" + column + " in \\(([^)]*)\\)\\)").matcher(sql);
            if (!matcher.find()) {
                throw new AssertionError("no check on " + column + " in " + migration);
            }
            return Arrays.stream(matcher.group(1).split(",")).map(value -> value.strip().replace("'", "")).collect(Collectors.toSet());
        }
    }
}
