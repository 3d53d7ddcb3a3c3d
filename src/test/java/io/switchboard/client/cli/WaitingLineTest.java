package io.switchboard.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.client.SwitchboardClient.QueuePlace;
import org.junit.jupiter.api.Test;

class WaitingLineTest {

    @Test
    void saysThePlaceAndTheEstimateWhileWaiting() {
        assertEquals("You are number 3 in line · about 4 min", ChatCli.waitingLine(new QueuePlace("open", 3, 230L, false)).orElseThrow());
        assertEquals("You are next in line · less than a minute", ChatCli.waitingLine(new QueuePlace("open", 1, 20L, false)).orElseThrow());
        assertEquals("You are number 2 in line · we'll be with you as soon as someone is free",
                ChatCli.waitingLine(new QueuePlace("open", 2, null, false)).orElseThrow());
    }

    @Test
    void saysNothingOnceAnAgentHasIt() {
        assertTrue(ChatCli.waitingLine(new QueuePlace("open", null, null, true)).isEmpty());
        assertTrue(ChatCli.waitingLine(new QueuePlace("resolved", null, null, false)).isEmpty());
    }
}
