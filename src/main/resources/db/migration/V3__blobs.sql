-- An encrypted attachment blob (docs/protocol.md §13.3): metadata only. The ciphertext is a file named
-- after the id under switchboard.blobs.directory; its key travels inside an end-to-end encrypted message.
create table blob (
    id                 varchar(22)  primary key,
    conversation_id    varchar(22)  not null references customer (id),
    uploader_device_id varchar(22)  not null,
    size               bigint       not null check (size >= 28),
    created_at         timestamptz  not null
);
create index blob_conversation on blob (conversation_id);
create index blob_created_at on blob (created_at);
