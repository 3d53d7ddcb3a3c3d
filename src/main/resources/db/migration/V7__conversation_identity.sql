-- A conversation has its own identity and one counterpart; customers are the one kind of counterpart
-- today. Existing conversations keep their ids, which equal their customer's id, so clients that
-- stored them keep working; from now on the counterpart is read from customer_id, never from the id.
alter table conversation add column counterpart_kind varchar(12) not null default 'customer'
    check (counterpart_kind in ('customer'));
alter table conversation alter column counterpart_kind drop default;
alter table conversation add column customer_id varchar(22) references customer (id);
update conversation set customer_id = id;
alter table conversation add constraint conversation_counterpart_check
    check ((counterpart_kind = 'customer') = (customer_id is not null));
-- A customer has one conversation with the business.
create unique index conversation_customer on conversation (customer_id) where customer_id is not null;
alter table conversation drop constraint conversation_id_fkey;
-- A new conversation is open; routing takes it from there.
alter table conversation alter column status set default 'open';

-- Messages, receipts and attachments belong to the conversation, not to the customer.
alter table message drop constraint message_conversation_id_fkey;
alter table message add constraint message_conversation_id_fkey foreign key (conversation_id) references conversation (id);
alter table conversation_receipt drop constraint conversation_receipt_conversation_id_fkey;
alter table conversation_receipt add constraint conversation_receipt_conversation_id_fkey
    foreign key (conversation_id) references conversation (id);
alter table blob drop constraint blob_conversation_id_fkey;
alter table blob add constraint blob_conversation_id_fkey foreign key (conversation_id) references conversation (id);
