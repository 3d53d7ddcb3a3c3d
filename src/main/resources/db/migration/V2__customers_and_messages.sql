-- Devices and device lists now belong to an owner: the business ('business') or one customer (its id).
alter table device add column owner varchar(22) not null default 'business';
alter table device drop constraint device_role_check;
alter table device add constraint device_role_check check (role in ('owner', 'admin', 'supervisor', 'agent', 'member'));
drop index device_one_primary;
create unique index device_one_primary on device (owner) where is_primary and removed_at is null;
create index device_owner on device (owner) where removed_at is null;

alter table device_list add column owner varchar(22) not null default 'business';
alter table device_list drop constraint device_list_pkey;
alter table device_list add primary key (owner, version);

-- A customer is a verified phone number; its id is also the id of its one conversation.
create table customer (
    id                  varchar(22)  primary key,
    phone               varchar(16)  not null unique,
    name                varchar(80)  not null,
    primary_signing_key varchar(43)  not null,
    created_at          timestamptz  not null
);

create table phone_verification (
    id          varchar(22)  primary key,
    phone       varchar(16)  not null,
    name        varchar(80)  not null,
    code_hash   bytea        not null,
    attempts    integer      not null default 0,
    created_at  timestamptz  not null,
    expires_at  timestamptz  not null,
    verified_at timestamptz
);
create index phone_verification_phone on phone_verification (phone, created_at);

-- One row per message: the signed header (metadata only) and the ciphertext, never plaintext.
create table message (
    seq               bigserial    primary key,
    conversation_id   varchar(22)  not null references customer (id),
    sender_device_id  varchar(22)  not null,
    client_message_id varchar(22)  not null,
    kind              varchar(16)  not null,
    header            text         not null,
    ciphertext        bytea        not null,
    signature         varchar(86)  not null,
    stored_at         timestamptz  not null,
    unique (sender_device_id, client_message_id)
);
create index message_conversation on message (conversation_id, seq);
create index message_stored_at on message (stored_at);

-- The content key of a message wrapped for one device (80 bytes of HPKE output).
create table message_wrap (
    device_id   varchar(22)  not null,
    message_seq bigint       not null references message (seq) on delete cascade,
    wrap        bytea        not null,
    primary key (device_id, message_seq)
);
create index message_wrap_message on message_wrap (message_seq);

-- How far each device has acknowledged; delivery resumes after it.
create table device_cursor (
    device_id  varchar(22)  primary key,
    acked_seq  bigint       not null,
    updated_at timestamptz  not null
);

-- Receipts per conversation and side: the highest message seq delivered to / read by that side.
create table conversation_receipt (
    conversation_id varchar(22)  not null references customer (id),
    side            varchar(8)   not null check (side in ('business', 'customer')),
    delivered_seq   bigint       not null default 0,
    read_seq        bigint       not null default 0,
    primary key (conversation_id, side)
);
