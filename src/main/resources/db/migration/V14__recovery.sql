-- The account authority key (protocol §7.2), kept only as the wrap the owner's recovery key opens. Its
-- public half is committed in the signed device list (recoveryKey); this row holds the wrap for the list
-- version that committed it, so a new browser can fetch it. At most one row: the account's.
create table recovery_authority (
    id smallint primary key check (id = 1),
    authority_key varchar(43) not null,
    wrapped_key varchar(80) not null,
    list_version bigint not null,
    created_at timestamptz not null
);

-- A loud recovery (protocol §7.3): the authority key named a new primary. It is pending during the veto
-- window, in which any surviving admin device may cancel it; after the window the new browser completes it
-- by signing the takeover list. At most one is pending at a time.
create table recovery_claim (
    id varchar(22) primary key,
    document text not null,
    new_primary_id varchar(22) not null,
    replaced_primary_id varchar(22) not null,
    browser varchar(200),
    status varchar(10) not null check (status in ('pending', 'cancelled', 'completed', 'void')),
    started_at timestamptz not null,
    takes_effect_at timestamptz not null,
    closed_at timestamptz,
    closed_by varchar(22),
    list_version bigint
);
create unique index recovery_claim_one_pending on recovery_claim (status) where status = 'pending';
