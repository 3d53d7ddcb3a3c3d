-- Calls to peer providers that must arrive (docs/interop.md §4.7): a user's submission, a notification, a consent
-- request or update. One row per call, retried with backoff until the peer answers 2xx (or refuses it for good with a
-- 4xx); the receiver deduplicates (message id, seq, consent scope). body is the JSON sent: end-to-end ciphertext
-- and routing data only. message_id is set for submissions, so the answer's seq can be recorded.
create table federation_outbox (
    id bigserial primary key,
    peer_domain varchar(253) not null references federation_peer (domain) on delete cascade,
    endpoint varchar(32) not null,
    target varchar(253) not null,
    body bytea not null,
    message_id bytea,
    attempts integer not null default 0,
    next_attempt_at timestamptz not null,
    created_at timestamptz not null
);
create index federation_outbox_due on federation_outbox (next_attempt_at);

-- The customer side (docs/interop.md §4.8): a customer of this provider chats with the business of a peer. The pair
-- is requested until the business's provider grants it with the room it chose; delivered_seq and read_seq are the
-- business side's marks, in the room's seqs at the business's provider.
create table federation_remote_chat (
    id varchar(22) primary key,
    peer_domain varchar(253) not null references federation_peer (domain) on delete cascade,
    customer_id varchar(22) not null references customer (id) on delete cascade,
    business_number varchar(16) not null,
    state varchar(9) not null check (state in ('requested', 'granted', 'revoked')),
    room_id varchar(22) unique,
    delivered_seq bigint not null default 0,
    read_seq bigint not null default 0,
    updated_at timestamptz not null,
    unique (peer_domain, customer_id, business_number)
);

-- A remote chat's messages as the customer's devices fetch them: the customer's own (message_id set; remote_seq once
-- the business's provider took it, state refused with its code when it did not) and the business's (remote_seq from
-- the notification, stored once). envelope is the end-to-end envelope as JSON, with the wraps for the customer's
-- devices (and, for the customer's own messages, the business's devices).
create table federation_remote_message (
    seq bigserial primary key,
    chat_id varchar(22) not null references federation_remote_chat (id) on delete cascade,
    message_id bytea unique,
    remote_seq bigint,
    from_customer boolean not null,
    state varchar(8) not null check (state in ('pending', 'accepted', 'refused')),
    refusal varchar(40),
    envelope bytea not null,
    stored_at timestamptz not null,
    unique (chat_id, remote_seq)
);
