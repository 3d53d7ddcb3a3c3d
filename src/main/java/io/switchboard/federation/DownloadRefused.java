package io.switchboard.federation;

import io.switchboard.platform.error.DomainException;

/** Why a proxied download of a third-party chat's attachment gave nothing (docs/protocol.md §16). */
public final class DownloadRefused extends DomainException {

    public static final Refusal TOO_LARGE = new Refusal(Kind.TOO_LARGE, "download_too_large",
            "The peer provider's file is larger than this provider accepts for an attachment.");
    public static final Refusal PEER_UNAVAILABLE = new Refusal(Kind.UNAVAILABLE, "peer_unavailable",
            "The peer provider could not be reached or did not answer in time; try again later.");

    DownloadRefused(Refusal refusal) {
        super(refusal);
    }
}
