package io.switchboard.blobs;

import io.switchboard.platform.error.DomainException;

/** No such attachment, or not one this device may read: the two look the same. */
public final class BlobNotFound extends DomainException {

    BlobNotFound() {
        super(Kind.NOT_FOUND, "blob_not_found", "There is no such attachment.");
    }
}
