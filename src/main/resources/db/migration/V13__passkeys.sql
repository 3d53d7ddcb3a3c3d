-- The owner's passkeys (WebAuthn credentials), which approve every change of the business's device list.
-- credential_data is the attested credential data (AAGUID, credential id, COSE public key) as the
-- authenticator sent it; sign_count is the last signature counter seen, so a cloned authenticator shows.
create table passkey (
    id varchar(1400) primary key,
    name varchar(80) not null,
    credential_data bytea not null,
    sign_count bigint not null,
    uv_initialized boolean not null,
    backup_eligible boolean not null,
    backup_state boolean not null,
    created_by varchar(22) not null,
    created_at timestamptz not null,
    last_used_at timestamptz
);

-- A challenge the server issued: to register a passkey, or to approve one change (its kind and subject).
-- An approval challenge is burned by the first assertion sent for it, right or wrong; a verified one is
-- approved, and the change it names consumes it.
create table passkey_challenge (
    challenge varchar(43) primary key,
    purpose varchar(16) not null check (purpose in ('registration', 'approval')),
    change varchar(20) check (change in ('link', 'list', 'passkey-add', 'passkey-removal')),
    subject varchar(1400),
    device_id varchar(22) not null,
    expires_at timestamptz not null,
    answered_at timestamptz,
    approved_at timestamptz,
    consumed_at timestamptz
);
create index passkey_challenge_approved on passkey_challenge (device_id, change, subject) where approved_at is not null and consumed_at is null;
