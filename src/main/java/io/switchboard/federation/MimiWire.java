package io.switchboard.federation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies between providers (docs/interop.md §4): MIMI's structures with the field names of the
 * protocol draft, in JSON instead of the TLS presentation language.
 */
final class MimiWire {

    private MimiWire() {
    }

    record QueryElement(@NotBlank @Size(max = 20) String searchType, @NotNull @Size(max = 64) String searchValue) {
    }

    record IdentifierRequest(@NotNull @Size(min = 1, max = 4) List<@Valid @NotNull QueryElement> queryElements) {
    }

    record IdentifierResponse(String responseCode, List<String> uri) {
    }

    /**
     * {@code consentOperation}: cancel, request, grant or revoke. {@code roomId} is set by the business's provider.
     * A user's grant carries their signed device list (this profile's key material, in place of MIMI's KeyPackages).
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record ConsentEntry(@NotNull @Pattern(regexp = "cancel|request|grant|revoke") String consentOperation,
                        @NotBlank @Size(max = 300) String requesterUri, @NotBlank @Size(max = 300) String targetUri,
                        @Size(max = 22) String roomId, Map<String, Object> deviceList) {

        ConsentEntry(String consentOperation, String requesterUri, String targetUri, String roomId) {
            this(consentOperation, requesterUri, targetUri, roomId, null);
        }
    }

    /**
     * A message for a room: its MIMI message id (b64u of 32 bytes), the sender's user URI, the end-to-end
     * envelope (docs/protocol.md §13.2) and, with the user's first message, their signed device list.
     */
    record Submission(@NotNull @Pattern(regexp = "[A-Za-z0-9_-]{43}") String messageId, @NotBlank @Size(max = 300) String senderUri,
                      @NotNull Map<String, Object> envelope, Map<String, Object> deviceList) {
    }

    /**
     * A notification (docs/interop.md §4.6): a {@code receipt} with the marks, or, from the business's provider, a
     * {@code message} with its seq and the envelope wrapped for the user's devices.
     */
    /** {@code deviceList} goes with the type of that name: the user's changed signed list (docs/interop.md §4.6). */
    record Notification(@NotNull @Pattern(regexp = "receipt|message|deviceList") String type,
                        @jakarta.validation.constraints.PositiveOrZero long deliveredSeq,
                        @jakarta.validation.constraints.PositiveOrZero long readSeq, Long seq, Map<String, Object> envelope,
                        Map<String, Object> deviceList) {
    }

    record KeyMaterialRequest(@NotBlank @Size(max = 300) String requesterUri, @NotBlank @Size(max = 300) String targetUri) {
    }

    /** {@code seq} is the message's place in the room, as notifications and receipts count; null when not known. */
    record SubmissionAccepted(String messageId, boolean duplicate, Long seq) {
    }
}
