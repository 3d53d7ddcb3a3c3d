package io.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LabelsTest {

    @Test
    void labelThenZeroByteThenPayload() {
        byte[] framed = Labels.labelled(Labels.AUTH, new byte[] {1, 2}, new byte[] {3});
        assertEquals("737769746368626f6172642f617574682f763100010203", Hex.hex(framed));
    }

    @Test
    void messageLabelsAreTheOnesOfTheSpec() {
        assertEquals("switchboard/message-content/v1", Labels.MESSAGE_CONTENT);
        assertEquals("switchboard/key-wrap/v1", Labels.KEY_WRAP);
        assertEquals("switchboard/envelope/v1", Labels.ENVELOPE);
        assertEquals("switchboard/blob/v1", Labels.BLOB);
    }
}
