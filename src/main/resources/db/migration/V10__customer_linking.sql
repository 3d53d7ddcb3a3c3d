-- A link request is for the business's list or one customer's (its id). A customer request that names a
-- phone number no customer has is kept with no owner: nobody can see or approve it, and it just expires,
-- so opening one does not tell whether a number is a customer.
alter table link_request add column owner varchar(22) default 'business';
create index link_request_owner on link_request (owner, status, expires_at);
