package io.switchboard.platform.error;

import java.util.Map;

/**
 * An attachment above {@code switchboard.blobs.max-bytes}: refused by {@link BodySizeLimit} when the
 * stated length is too long, and by the blob store when an upload without one turns out too long.
 */
public final class AttachmentTooLarge extends DomainException {

    private final long limit;

    public AttachmentTooLarge(long limit) {
        super(Kind.TOO_LARGE, "attachment_too_large", "The attachment is larger than the server accepts (" + describe(limit) + " encrypted).");
        this.limit = limit;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("limit", limit);
    }

    private static String describe(long bytes) {
        long mib = 1024 * 1024;
        return bytes % mib == 0 ? bytes / mib + " MiB" : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }
}
