-- A customer's file in a chat with a business at a peer provider (docs/protocol.md §16.1) belongs to that remote chat,
-- not to a local conversation: the business's provider fetches it through proxyDownload (docs/interop.md §4.7). A blob
-- has exactly one of the two owners. Removing a peer removes its remote chats and, with them, their blob rows.
alter table blob alter column conversation_id drop not null;
alter table blob add column remote_chat_id varchar(22) references federation_remote_chat (id) on delete cascade;
alter table blob add constraint blob_one_owner check ((conversation_id is null) <> (remote_chat_id is null));
create index blob_remote_chat on blob (remote_chat_id) where remote_chat_id is not null;

-- Which of the customer's devices sent a message: a blob counts as claimed when its uploader sent a message in the same
-- chat after uploading it, as in a local conversation. Null for the business's messages (and the customer's from before).
alter table federation_remote_message add column sender_device_id varchar(22);
