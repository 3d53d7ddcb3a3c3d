package io.switchboard.passkey;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.exception.DataConversionException;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticationRequest;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.RegistrationRequest;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.VerificationException;
import io.switchboard.account.Account;
import io.switchboard.audit.AuditAction;
import io.switchboard.audit.AuditLog;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.platform.PublicUrl;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.platform.error.DomainException;
import io.switchboard.platform.error.ValidationFailed;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.PasskeyApproval;
import io.switchboard.protocol.PasskeyApproval.Change;
import io.switchboard.protocol.Primitives;
import io.switchboard.protocol.ProtocolException;
import jakarta.enterprise.context.ApplicationScoped;
import tools.jackson.core.JacksonException;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The owner's passkeys and what they approve (protocol §7.1). The primary asks for a challenge that commits to
 * one change, answers it with a passkey (user verification required), and then sends the change itself, which
 * {@link #requireApproval} lets through once. The verification is webauthn4j's; the relying party is the
 * configured public URL (its origin, and its host as the rp id). Callers are the business's primary: the
 * resource asks {@code Caller.requirePrimary} first.
 */
@ApplicationScoped
@Transactional
public class PasskeyService {

    /** ES256 (every platform authenticator), EdDSA and RS256 (Windows Hello), in the order offered. */
    static final List<COSEAlgorithmIdentifier> ALGORITHMS = List.of(COSEAlgorithmIdentifier.ES256,
            COSEAlgorithmIdentifier.EdDSA, COSEAlgorithmIdentifier.RS256);

    private final Clock clock;
    private final SecureRandom random;
    private final SwitchboardConfig config;
    private final AuditLog audit;
    private final Origin origin;
    private final String rpId;
    private final WebAuthnManager webAuthn = WebAuthnManager.createNonStrictWebAuthnManager();
    private final AttestedCredentialDataConverter credentialData = new AttestedCredentialDataConverter(new ObjectConverter());

    PasskeyService(Clock clock, SecureRandom random, SwitchboardConfig config, AuditLog audit, PublicUrl publicUrl) {
        this.clock = clock;
        this.random = random;
        this.config = config;
        this.audit = audit;
        this.origin = new Origin(publicUrl.origin());
        this.rpId = URI.create(publicUrl.origin()).getHost();
    }

    public record PasskeyView(String id, String name, Instant createdAt, Instant lastUsedAt) {
        static PasskeyView of(Passkey passkey) {
            return new PasskeyView(passkey.id, passkey.name, passkey.createdAt, passkey.lastUsedAt);
        }
    }

    /** {@code required}: whether a change needs a passkey now (one is registered, or the setting says so). */
    public record Passkeys(boolean required, List<PasskeyView> passkeys) {
    }

    public Passkeys list(AuthenticatedDevice primary) {
        List<PasskeyView> passkeys = Passkey.<Passkey>list("order by createdAt").stream().map(PasskeyView::of).toList();
        return new Passkeys(config.passkeys().required() || !passkeys.isEmpty(), passkeys);
    }

    /** What {@code navigator.credentials.create} needs; {@code userId} names the account, never a person. */
    public record RegistrationOptions(String challenge, String rpId, String rpName, String userId, String userName,
                                      String userDisplayName, List<Long> algorithms, List<String> excludeCredentials,
                                      long expiresAt) {
    }

    public RegistrationOptions registrationOptions(AuthenticatedDevice primary) {
        Account account = Account.require();
        PasskeyChallenge challenge = issue(PasskeyChallenge.REGISTRATION, primary, null, null, newNonce());
        byte[] userId = Arrays.copyOf(Primitives.sha256(account.businessNumber.getBytes(StandardCharsets.UTF_8)), 16);
        return new RegistrationOptions(challenge.challenge, rpId, config.passkeys().rpName(), B64u.encode(userId),
                account.businessNumber, account.displayName, ALGORITHMS.stream().map(COSEAlgorithmIdentifier::getValue).toList(),
                Passkey.<Passkey>listAll().stream().map(passkey -> passkey.id).toList(), challenge.expiresAt.getEpochSecond());
    }

    public record Registration(String challenge, String clientDataJSON, String attestationObject, String name) {
    }

    /**
     * Registers a passkey answered for a registration challenge. While another passkey is registered, this needs
     * an approval of {@code passkey-add} for the new credential's id, so a stolen session cannot add its own.
     */
    @Transactional(dontRollbackOn = DomainException.class)
    public PasskeyView register(AuthenticatedDevice primary, Registration registration) {
        Instant now = clock.instant();
        PasskeyChallenge challenge = PasskeyChallenge.answerable(registration.challenge(), PasskeyChallenge.REGISTRATION,
                primary.deviceId(), now).orElseThrow(() -> new PasskeyRefused(PasskeyRefused.REGISTRATION_INVALID));
        challenge.answeredAt = now;
        RegistrationData data;
        try {
            data = webAuthn.verify(new RegistrationRequest(decode(registration.attestationObject(), "attestationObject"),
                    decode(registration.clientDataJSON(), "clientDataJSON")), new RegistrationParameters(server(challenge.challenge),
                    ALGORITHMS.stream().map(alg -> new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, alg)).toList(),
                    true, true));
        } catch (DataConversionException | VerificationException | JacksonException e) {
            throw new PasskeyRefused(PasskeyRefused.REGISTRATION_INVALID);
        }
        AuthenticatorData<?> authenticator = data.getAttestationObject().getAuthenticatorData();
        String id = B64u.encode(authenticator.getAttestedCredentialData().getCredentialId());
        if (Passkey.findById(id) != null) {
            throw new PasskeyRefused(PasskeyRefused.ALREADY_REGISTERED);
        }
        if (Passkey.anyRegistered()) {
            requireApproval(primary, Change.PASSKEY_ADD, id);
        }
        Passkey passkey = new Passkey();
        passkey.id = id;
        passkey.name = registration.name();
        passkey.credentialData = credentialData.convert(authenticator.getAttestedCredentialData());
        passkey.signCount = authenticator.getSignCount();
        passkey.uvInitialized = authenticator.isFlagUV();
        passkey.backupEligible = authenticator.isFlagBE();
        passkey.backupState = authenticator.isFlagBS();
        passkey.createdBy = primary.deviceId();
        passkey.createdAt = now;
        passkey.persist();
        audit.record(AuditAction.PASSKEY_ADDED, primary.deviceId(), null, Map.of("passkey", id, "name", passkey.name));
        return PasskeyView.of(passkey);
    }

    /**
     * Forgets every passkey and open challenge when the account gets a new primary (protocol §7.3, §7.4): they
     * were the lost owner's, and only a passkey could remove the last one, so a recovered owner would be locked out.
     */
    public void forgetAll(String reason) {
        long removed = Passkey.deleteAll();
        PasskeyChallenge.deleteAll();
        if (removed > 0) {
            audit.record(AuditAction.PASSKEY_REMOVED, null, null, Map.of("count", removed, "reason", reason));
        }
    }

    /** Deleting a passkey needs an approval of {@code passkey-removal} for its id (by it or another passkey). */
    public void remove(AuthenticatedDevice primary, String id) {
        Passkey passkey = Passkey.findById(id);
        if (passkey == null) {
            throw new PasskeyRefused(PasskeyRefused.NOT_FOUND);
        }
        requireApproval(primary, Change.PASSKEY_REMOVAL, id);
        passkey.delete();
        audit.record(AuditAction.PASSKEY_REMOVED, primary.deviceId(), null, Map.of("passkey", id, "name", passkey.name));
    }

    /** What {@code navigator.credentials.get} needs to approve one change; {@code nonce} lets the client recompute it. */
    public record ApprovalChallenge(String challenge, String nonce, String rpId, List<String> allowCredentials, long expiresAt) {
    }

    public ApprovalChallenge approvalChallenge(AuthenticatedDevice primary, String change, String subject) {
        Change kind = Change.fromWire(change).orElseThrow(() ->
                ValidationFailed.field("change", "must be link, list, passkey-add or passkey-removal"));
        List<String> allowed = Passkey.<Passkey>listAll().stream().map(passkey -> passkey.id).toList();
        if (allowed.isEmpty()) {
            throw new PasskeyRefused(PasskeyRefused.NONE_REGISTERED);
        }
        String nonce = newNonce();
        String challenge = B64u.encode(PasskeyApproval.challenge(Account.require().businessNumber, kind, subject, nonce));
        PasskeyChallenge issued = issue(PasskeyChallenge.APPROVAL, primary, kind, subject, challenge);
        return new ApprovalChallenge(challenge, nonce, rpId, allowed, issued.expiresAt.getEpochSecond());
    }

    public record Assertion(String challenge, String credentialId, String clientDataJSON, String authenticatorData,
                            String signature) {
    }

    /**
     * Checks the passkey's answer to an approval challenge: the right challenge, origin and rp id, user presence
     * and verification, a signature by a registered passkey and a signature counter that went up (unless the
     * authenticator keeps none). The challenge is used up by this call whether or not the answer verifies.
     */
    @Transactional(dontRollbackOn = DomainException.class)
    public void answer(AuthenticatedDevice primary, Assertion assertion) {
        Instant now = clock.instant();
        PasskeyChallenge challenge = PasskeyChallenge.answerable(assertion.challenge(), PasskeyChallenge.APPROVAL,
                primary.deviceId(), now).orElseThrow(() -> new PasskeyRefused(PasskeyRefused.ASSERTION_INVALID));
        challenge.answeredAt = now;
        Passkey passkey = Passkey.findById(assertion.credentialId());
        if (passkey == null) {
            throw new PasskeyRefused(PasskeyRefused.ASSERTION_INVALID);
        }
        CredentialRecordImpl record = new CredentialRecordImpl(null, passkey.uvInitialized, passkey.backupEligible,
                passkey.backupState, passkey.signCount, credentialData.convert(passkey.credentialData), null, null, null, null);
        AuthenticationData data;
        try {
            data = webAuthn.verify(new AuthenticationRequest(B64u.decode(passkey.id), decode(assertion.authenticatorData(), "authenticatorData"),
                            decode(assertion.clientDataJSON(), "clientDataJSON"), decode(assertion.signature(), "signature")),
                    new AuthenticationParameters(server(challenge.challenge), record, List.of(B64u.decode(passkey.id)), true, true));
        } catch (DataConversionException | VerificationException | JacksonException e) {
            throw new PasskeyRefused(PasskeyRefused.ASSERTION_INVALID);
        }
        passkey.signCount = data.getAuthenticatorData().getSignCount();
        passkey.uvInitialized = true;
        passkey.backupState = data.getAuthenticatorData().isFlagBS();
        passkey.lastUsedAt = now;
        challenge.approvedAt = now;
    }

    /**
     * Lets one change through: consumes a verified approval of exactly this change by this device. Without one the
     * change is refused with {@code passkey_required} while a passkey is registered or the setting requires one.
     * Called inside the change's own transaction, so a change that fails later leaves the approval unspent.
     */
    public void requireApproval(AuthenticatedDevice primary, Change change, String subject) {
        Instant now = clock.instant();
        PasskeyChallenge approval = PasskeyChallenge.approval(primary.deviceId(), change.wire(), subject, now).orElse(null);
        if (approval != null) {
            approval.consumedAt = now;
        } else if (config.passkeys().required() || Passkey.anyRegistered()) {
            throw new PasskeyRefused(PasskeyRefused.REQUIRED);
        }
    }

    private PasskeyChallenge issue(String purpose, AuthenticatedDevice primary, Change change, String subject, String value) {
        // Expired challenges are worth nothing (the audit trail keeps what was approved), so each new one sweeps them.
        PasskeyChallenge.delete("expiresAt < ?1", clock.instant());
        PasskeyChallenge challenge = new PasskeyChallenge();
        challenge.challenge = value;
        challenge.purpose = purpose;
        challenge.change = change == null ? null : change.wire();
        challenge.subject = subject;
        challenge.deviceId = primary.deviceId();
        challenge.expiresAt = clock.instant().plus(config.passkeys().challengeLifetime());
        challenge.persist();
        return challenge;
    }

    private ServerProperty server(String challenge) {
        return ServerProperty.builder().origin(origin).rpId(rpId).challenge(new DefaultChallenge(B64u.decode(challenge))).build();
    }

    private String newNonce() {
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        return B64u.encode(nonce);
    }

    private static byte[] decode(String value, String field) {
        try {
            return B64u.decode(value);
        } catch (ProtocolException e) {
            throw ValidationFailed.field(field, "must be base64url without padding");
        }
    }

}
