-- Where the business's inbox shows third-party chats (docs/interop.md §8): in the main list (the default,
-- also while no row exists) or in a separate "Third-party chats" section. One row for the account.
create table federation_folder (
    id smallint primary key default 1 check (id = 1),
    folder varchar(8) not null check (folder in ('main', 'separate')),
    updated_at timestamptz not null,
    updated_by varchar(22) not null
);
