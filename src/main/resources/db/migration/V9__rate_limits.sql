-- Counters of the limits that protect accounts (sign-in, linking, phone codes), shared by every app
-- node so that a second node does not double a limit. One fixed window per (purpose, subject).
create table rate_limit (
    purpose        text        not null,
    subject        text        not null,
    window_ends_at timestamptz not null,
    uses           integer     not null,
    primary key (purpose, subject)
);
create index rate_limit_window_ends_at on rate_limit (window_ends_at);
