-- Remote actors we have dealt with: what delivery and the pages need, refreshed on each authoritative fetch.
create table remote_actor (
    id                 bigint generated always as identity primary key,
    uri                text not null unique,
    host               text not null,
    preferred_username text,
    display_name       text,
    inbox              text not null,
    shared_inbox       text,
    fetched_at         timestamp(6) with time zone not null
);

-- Follows in both directions. inbound: a remote actor follows one of ours (we decide); outbound: one of ours follows
-- a remote actor (they decide). activity_uri is the Follow's id: theirs for inbound, ours for outbound.
create table follow (
    id              bigint generated always as identity primary key,
    public_id       varchar(32) not null unique,
    direction       varchar(8)  not null check (direction in ('inbound', 'outbound')),
    local_actor_id  bigint      not null references local_actor (id),
    remote_actor_id bigint      not null references remote_actor (id) on delete cascade,
    state           varchar(16) not null check (state in ('pending', 'accepted', 'rejected')),
    activity_uri    text        not null,
    created_at      timestamp(6) with time zone not null,
    decided_at      timestamp(6) with time zone,
    unique (direction, local_actor_id, remote_actor_id)
);
create index follow_local on follow (local_actor_id, direction, state);
