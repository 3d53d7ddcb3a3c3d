package io.switchboard.blobs;

import io.switchboard.platform.error.DomainException;
import java.util.Map;

/** The conversation holds as many blob bytes as {@code switchboard.blobs.max-bytes-per-conversation} allows. */
public final class ConversationStorageFull extends DomainException {

    private final long limit;

    ConversationStorageFull(long limit) {
        super(Kind.TOO_LARGE, "conversation_storage_full",
                "This conversation holds as many attachments as the server keeps for one conversation.");
        this.limit = limit;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("limit", limit);
    }
}
