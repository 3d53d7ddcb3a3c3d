package io.switchboard.blobs;

import io.switchboard.platform.error.DomainException;

/** An upload the server cannot take as sent: for no conversation, cut off, or too short to be an encrypted blob. */
public final class UploadRefused extends DomainException {

    private UploadRefused(String code, String message) {
        super(Kind.INVALID, code, message);
    }

    static UploadRefused conversationRequired() {
        return new UploadRefused("conversation_required", "Name the conversation: POST /api/blobs?conversation=<id>.");
    }

    static UploadRefused incomplete() {
        return new UploadRefused("upload_incomplete", "The upload was interrupted; send it again.");
    }

    static UploadRefused tooSmall(long minBytes) {
        return new UploadRefused("blob_too_small",
                "A blob is at least " + minBytes + " bytes: a nonce and an authentication tag (docs/protocol.md §13.3).");
    }
}
