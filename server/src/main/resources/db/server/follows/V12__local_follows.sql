-- A member following another member of this node: one 'local' row, local_actor_id the followed member (who decides, as
-- for a remote follower) and follower_actor_id the follower; no remote actor, nothing ever delivered for it.
alter table follow alter column remote_actor_id drop not null;
alter table follow add column follower_actor_id bigint references local_actor (id) on delete cascade;
alter table follow drop constraint follow_direction_check;
alter table follow add constraint follow_direction_check check (direction in ('inbound', 'outbound', 'local'));
alter table follow add constraint follow_other_end check (case when direction = 'local'
    then remote_actor_id is null and follower_actor_id is not null and follower_actor_id <> local_actor_id
    else remote_actor_id is not null and follower_actor_id is null end);
create unique index follow_local_pair on follow (local_actor_id, follower_actor_id) where direction = 'local';
-- The read rule of followers-only notices asks "does :me follow the author, accepted?" per notice.
create index follow_by_local_follower on follow (follower_actor_id, local_actor_id) where direction = 'local' and state = 'accepted';
