package io.switchboard.messaging;

import io.switchboard.platform.error.DomainException;
import java.util.Map;

/** The envelope was encrypted for an older version of a device list; it carries the current ones. */
public final class StaleDeviceLists extends DomainException {

    private final CurrentLists lists;

    StaleDeviceLists(CurrentLists lists) {
        super(Kind.GONE, "device_list_stale", "A device list changed; refresh the lists and encrypt again.");
        this.lists = lists;
    }

    @Override
    public Map<String, Object> details() {
        return lists.details();
    }
}
