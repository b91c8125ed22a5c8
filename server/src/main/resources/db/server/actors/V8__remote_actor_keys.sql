-- The keys each remote actor's document listed when it was last fetched, so a known actor's signature verifies after
-- a restart without a fetch (FEDERATION.md 2 rule 4: a deleted account's server no longer serves its key). Replaced
-- as a whole by every authoritative fetch of the actor; never from a pushed Update (rule 5).
create table remote_actor_key (
    key_id          text   primary key,
    remote_actor_id bigint not null references remote_actor (id) on delete cascade,
    kind            text   not null check (kind in ('pem', 'multikey')),
    material        text   not null
);
create index remote_actor_key_actor on remote_actor_key (remote_actor_id);
