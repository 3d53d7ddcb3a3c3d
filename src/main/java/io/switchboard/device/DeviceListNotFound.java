package io.switchboard.device;

import io.switchboard.platform.error.DomainException;

/** No such list version, or a customer's list the caller may not read: the two look the same. */
public final class DeviceListNotFound extends DomainException {

    DeviceListNotFound() {
        super(Kind.NOT_FOUND, "device_list_not_found", "There is no such device list version.");
    }
}
