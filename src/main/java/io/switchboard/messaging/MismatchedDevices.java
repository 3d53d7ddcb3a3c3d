package io.switchboard.messaging;

import java.util.Set;

/** The recipients of a send differ from the current device lists (compare Signal's MismatchedDevices). */
public record MismatchedDevices(Set<String> missingDeviceIds, Set<String> extraDeviceIds) {

    public MismatchedDevices {
        if (missingDeviceIds.isEmpty() && extraDeviceIds.isEmpty()) {
            throw new IllegalArgumentException("a mismatch needs a missing or an extra device");
        }
        missingDeviceIds = Set.copyOf(missingDeviceIds);
        extraDeviceIds = Set.copyOf(extraDeviceIds);
    }

    /** The pure rule: compares the wrapped-for set with the expected recipients; empty when they match. */
    public static java.util.Optional<MismatchedDevices> between(Set<String> expected, Set<String> actual) {
        Set<String> missing = new java.util.TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new java.util.TreeSet<>(actual);
        extra.removeAll(expected);
        return missing.isEmpty() && extra.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(new MismatchedDevices(missing, extra));
    }
}
