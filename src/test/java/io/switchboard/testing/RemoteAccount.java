package io.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.ApiClient;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.DeviceKeys;
import io.switchboard.protocol.DeviceList;
import io.switchboard.protocol.DeviceLists;
import io.switchboard.protocol.LinkProof;
import io.switchboard.protocol.SignedDeviceList;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The account flows of docs/protocol.md §6 over plain HTTP with the Java client, for a separately started node. */
public final class RemoteAccount {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String number;
    private final ApiClient primary;

    private RemoteAccount(String number, ApiClient primary) {
        this.number = number;
        this.primary = primary;
    }

    public ApiClient primary() {
        return primary;
    }

    public static RemoteAccount setUp(URI node, String publicUrl, String setupToken, String number) {
        ApiClient primary = new ApiClient(node, publicUrl, DeviceKeys.generate(RANDOM));
        DeviceKeys keys = primary.keys();
        long now = Instant.now().getEpochSecond();
        DeviceList list = DeviceList.of(number, 1, now, now + Duration.ofDays(30).toSeconds(),
                List.of(DeviceEntry.of(keys.signingKey(), keys.agreementKey(), true, "owner", "Owner", "Java client")));
        primary.post("/api/account/setup", Map.of("token", setupToken, "businessNumber", number, "displayName", "Acme",
                "person", "Owner", "label", "Java client", "deviceList", DeviceLists.sign(list, keys, Map.of()).toJson()));
        return new RemoteAccount(number, primary);
    }

    /** Links a new device by the QR flow and returns it signed in. */
    public ApiClient link(URI node, String publicUrl, String person) {
        ApiClient companion = new ApiClient(node, publicUrl, DeviceKeys.generate(RANDOM));
        DeviceKeys keys = companion.keys();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String ref = companion.post("/api/link/requests", Map.of("method", "qr", "person", person, "label", "Java client",
                "signingKey", keys.signingKeyB64u(), "agreementKey", keys.agreementKeyB64u())).get("ref").asText();

        SignedDeviceList current = DeviceLists.parse(primary.get("/api/devices/list"));
        List<DeviceEntry> entries = new ArrayList<>(current.list().devices());
        entries.add(DeviceEntry.of(keys.signingKey(), keys.agreementKey(), false, "agent", person, "Java client"));
        entries.sort(Comparator.comparing(DeviceEntry::id));
        long now = Instant.now().getEpochSecond();
        DeviceList next = DeviceList.of(number, current.list().version() + 1, now, now + Duration.ofDays(30).toSeconds(), entries);
        SignedDeviceList signed = DeviceLists.sign(next, primary.keys(), current.deviceSignatures());
        byte[] proof = LinkProof.compute(secret, ref, number, keys.deviceId(), keys.signingKeyB64u(), keys.agreementKeyB64u(),
                primary.keys().signingKeyB64u(), next.version());
        primary.post("/api/link/requests/" + ref + "/approve", Map.of("role", "agent", "deviceList", signed.toJson(),
                "linkProof", B64u.encode(proof)));

        JsonNode status = companion.get("/api/link/requests/" + ref + "/status");
        String deviceSignature = B64u.encode(DeviceLists.deviceSignature(keys, number, primary.keys().signingKey()));
        String challengeSignature = B64u.encode(io.switchboard.protocol.AuthChallenge.signature(keys,
                B64u.decode(status.get("challenge").asText()), companion.origin()));
        companion.post("/api/link/requests/" + ref + "/complete", Map.of("deviceSignature", deviceSignature,
                "challengeSignature", challengeSignature));
        return companion;
    }
}
