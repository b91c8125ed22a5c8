-- A reply written on this site by a member (the reply form under a notice): local_actor_id names her actor so the page
-- shows her name and links to her profile; null for replies from the fediverse. Local replies stay on the node.
alter table notice_reply add column local_actor_id bigint references local_actor (id) on delete cascade;
