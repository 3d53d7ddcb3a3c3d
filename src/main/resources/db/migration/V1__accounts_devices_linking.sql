-- The one business account this server serves. A second row is impossible by construction.
create table account (
    id                  smallint     primary key default 1 check (id = 1),
    business_number     varchar(16)  not null,
    display_name        varchar(80)  not null,
    primary_device_id   varchar(22)  not null,
    primary_signing_key varchar(43)  not null,
    created_at          timestamptz  not null
);

-- One-time setup links; only a hash of the token is kept.
create table setup_token (
    token_hash bytea        primary key,
    created_at timestamptz  not null,
    expires_at timestamptz  not null,
    used_at    timestamptz
);

create table device (
    id               varchar(22)  primary key,
    is_primary       boolean      not null,
    role             varchar(16)  not null check (role in ('owner', 'admin', 'supervisor', 'agent')),
    person           varchar(80)  not null,
    label            varchar(80)  not null,
    browser          varchar(200) not null,
    signing_key      varchar(43)  not null unique,
    agreement_key    varchar(43)  not null,
    device_signature varchar(86),
    linked_at        timestamptz  not null,
    last_active_at   timestamptz  not null,
    removed_at       timestamptz,
    removal_reason   varchar(32)
);
create unique index device_one_primary on device (is_primary) where is_primary and removed_at is null;

-- Every signed device list the server accepted, exactly as signed.
create table device_list (
    version    bigint       primary key,
    document   text         not null,
    issued_at  timestamptz  not null,
    expires_at timestamptz  not null,
    stored_at  timestamptz  not null
);

create table auth_challenge (
    challenge  varchar(43)  primary key,
    device_id  varchar(22)  not null,
    expires_at timestamptz  not null
);
create index auth_challenge_expiry on auth_challenge (expires_at);

create table device_session (
    token_hash   bytea        primary key,
    device_id    varchar(22)  not null references device (id),
    created_at   timestamptz  not null,
    last_seen_at timestamptz  not null,
    expires_at   timestamptz  not null
);
create index device_session_device on device_session (device_id);

create table link_request (
    ref             varchar(22)  primary key,
    method          varchar(8)   not null check (method in ('qr', 'code')),
    status          varchar(16)  not null check (status in ('pending', 'approved', 'completed', 'refused')),
    device_id       varchar(22)  not null,
    person          varchar(80)  not null,
    label           varchar(80)  not null,
    browser         varchar(200) not null,
    signing_key     varchar(43)  not null,
    agreement_key   varchar(43)  not null,
    salt            varchar(43),
    pake1           varchar(64),
    pake2           varchar(64),
    pake_attempts   integer      not null default 0,
    confirm         varchar(43),
    role            varchar(16),
    approved_list   text,
    link_proof      varchar(43),
    challenge       varchar(43),
    refusal_reason  varchar(200),
    created_at      timestamptz  not null,
    expires_at      timestamptz  not null,
    completed_at    timestamptz
);
create index link_request_pending on link_request (status, expires_at);

create table audit_event (
    id                bigserial    primary key,
    occurred_at       timestamptz  not null,
    action            varchar(48)  not null,
    actor_device_id   varchar(22),
    subject_device_id varchar(22),
    details           text         not null default '{}'
);
create index audit_event_time on audit_event (occurred_at desc);
