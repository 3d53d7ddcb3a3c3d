package io.switchboard.messaging;

import io.switchboard.protocol.SignedDeviceList;
import java.util.LinkedHashMap;
import java.util.Map;

/** The two signed lists a message to a conversation is encrypted for: the business's and the counterpart's. */
public record CurrentLists(SignedDeviceList business, SignedDeviceList counterpart) {

    /** As a refusal carries them (docs/protocol.md §13.2): the counterpart's list keeps its wire name. */
    Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("businessList", business.toJson());
        details.put("customerList", counterpart.toJson());
        return details;
    }
}
