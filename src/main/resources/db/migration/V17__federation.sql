-- Third-party chats (docs/interop.md). A peer provider the business allows, by domain: where to reach it
-- and the certificates its TLS chains must end in. Off until the owner turns it on; a peer that is off
-- gets the same "not found" as a stranger.
create table federation_peer (
    domain varchar(253) primary key,
    address varchar(2048) not null,
    trust_pem text not null,
    enabled boolean not null default false,
    updated_at timestamptz not null
);

-- Consent between a user at a peer (remote_user, E.164) and a user here (local_user, the business number),
-- in both directions once granted. room_id names the pair's room in submissions; it is chosen here.
create table federation_consent (
    peer_domain varchar(253) not null references federation_peer (domain) on delete cascade,
    remote_user varchar(16) not null,
    local_user varchar(16) not null,
    state varchar(9) not null check (state in ('requested', 'granted', 'revoked')),
    room_id varchar(22) not null unique,
    updated_at timestamptz not null,
    primary key (peer_domain, remote_user, local_user)
);

-- A message a peer submitted, kept once per MIMI message id so a retry after a lost answer stores nothing twice.
-- payload is the end-to-end envelope as received: ciphertext for the business's devices.
create table federation_submission (
    message_id bytea primary key,
    room_id varchar(22) not null references federation_consent (room_id) on delete cascade,
    payload bytea not null,
    received_at timestamptz not null
);
