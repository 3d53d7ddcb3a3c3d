-- A device of a user at a peer provider (docs/interop.md §7): its keys come from that provider's signed list, and it
-- never signs in here; the user reaches this provider only through their own.
alter table device add column remote boolean not null default false;
update device set remote = true where browser = 'third-party';
