-- Persistent delivery queue (FEDERATION.md §5). Run by the server with Flyway, history table
-- flyway_history_federation, location classpath:db/federation.

create table federation_delivery (
    id              bigint generated always as identity primary key,
    activity_id     text        not null,
    activity_type   text        not null,
    object_id       text,                       -- null: no ordering with other rows
    host            text        not null,       -- normalised: lowercase, IDNA, non-default port kept
    inbox           text        not null,
    body            bytea       not null,
    signer          text        not null,       -- keyId the worker signs with
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null default now(),
    state           text        not null default 'pending'
        check (state in ('pending', 'in_flight', 'delivered', 'failed', 'skipped')),
    lease_until     timestamptz,
    last_status     int,
    last_error      text,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);

-- claiming: due pending rows and expired leases; also used by retention cleanup (state, updated_at)
create index federation_delivery_claim on federation_delivery (state, next_attempt_at);
create index federation_delivery_state_updated on federation_delivery (state, updated_at);
-- per-(inbox, object_id) ordering: a row waits for earlier unfinished rows with the same inbox and object
create index federation_delivery_order on federation_delivery (inbox, object_id, id);
-- lanes: rows in flight per host
create index federation_delivery_host on federation_delivery (host, state);

create table federation_host_state (
    host                 text primary key,
    failure_days         date[]      not null default '{}',  -- distinct UTC days with a failed attempt
    unavailable          boolean     not null default false,
    signature_scheme     text check (signature_scheme in ('cavage', 'rfc9421')),
    scheme_remembered_at timestamptz,
    updated_at           timestamptz not null default now()
);

-- circuit breaker, per inbox (FEDERATION.md §5: 10 consecutive failures on one inbox pause it for 60 s)
create table federation_inbox_state (
    inbox                text primary key,
    consecutive_failures int         not null default 0,
    paused_until         timestamptz,
    updated_at           timestamptz not null default now()
);
