package io.switchboard.messaging;

import io.switchboard.platform.error.DomainException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The recipients of a send differ from the current device lists (compare Signal's MismatchedDevices):
 * the client learns which devices it missed or added, and the lists to encrypt for again.
 */
public final class MismatchedDevices extends DomainException {

    private final Set<String> missingDeviceIds;
    private final Set<String> extraDeviceIds;
    private final CurrentLists lists;

    MismatchedDevices(Set<String> missingDeviceIds, Set<String> extraDeviceIds, CurrentLists lists) {
        super(Kind.CONFLICT, "mismatched_devices", "The message is not wrapped for exactly the current devices.");
        if (missingDeviceIds.isEmpty() && extraDeviceIds.isEmpty()) {
            throw new IllegalArgumentException("a mismatch needs a missing or an extra device");
        }
        this.missingDeviceIds = Set.copyOf(missingDeviceIds);
        this.extraDeviceIds = Set.copyOf(extraDeviceIds);
        this.lists = lists;
    }

    /** The pure rule: compares the wrapped-for set with the expected recipients; empty when they match. */
    static Optional<MismatchedDevices> between(Set<String> expected, Set<String> actual, CurrentLists lists) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        return missing.isEmpty() && extra.isEmpty() ? Optional.empty() : Optional.of(new MismatchedDevices(missing, extra, lists));
    }

    public Set<String> missingDeviceIds() {
        return missingDeviceIds;
    }

    public Set<String> extraDeviceIds() {
        return extraDeviceIds;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = lists.details();
        details.put("missingDeviceIds", new TreeSet<>(missingDeviceIds));
        details.put("extraDeviceIds", new TreeSet<>(extraDeviceIds));
        return details;
    }
}
