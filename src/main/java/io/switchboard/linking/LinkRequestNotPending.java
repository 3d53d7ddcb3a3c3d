package io.switchboard.linking;

import io.switchboard.platform.error.DomainException;

/** The request was approved, refused or completed already, so the owner cannot act on it again. */
public final class LinkRequestNotPending extends DomainException {

    private final LinkRequest.Status status;

    LinkRequestNotPending(LinkRequest.Status status) {
        super(Kind.CONFLICT, "link_request_not_pending", "This link request was already " + status.name() + ".");
        this.status = status;
    }

    public LinkRequest.Status status() {
        return status;
    }
}
