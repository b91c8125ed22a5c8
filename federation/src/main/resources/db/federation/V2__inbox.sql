-- Inbound idempotency (FEDERATION.md 5): one row per activity id ever accepted; a conflict means "seen, do nothing".
create table inbound_activity (
    activity_id text primary key,
    actor       text not null,
    received_at timestamp(6) with time zone not null default now()
);
create index inbound_activity_received on inbound_activity (received_at);

-- Accepted activities waiting to be processed: the inbox answers 202 once the row exists, a worker does the rest.
create table federation_inbound_job (
    id           bigint generated always as identity primary key,
    activity_id  text not null,
    activity_type text not null,
    actor        text not null,
    inbox        text not null,
    body         text not null,
    state        text not null default 'pending' check (state in ('pending', 'in_flight', 'done')),
    attempts     int not null default 0,
    lease_until  timestamp(6) with time zone,
    outcome      text,
    created_at   timestamp(6) with time zone not null default now(),
    finished_at  timestamp(6) with time zone
);
create index federation_inbound_job_claim on federation_inbound_job (state, id);
