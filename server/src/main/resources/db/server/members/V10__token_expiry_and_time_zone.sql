-- API tokens expire and members list and revoke them by an id of their own: the jti stays inside the token only.
alter table api_token add column public_id varchar(32);
alter table api_token add column expires_at timestamp(6) with time zone;
update api_token set public_id = substr(md5(random()::text || jti), 1, 16), expires_at = created_at + interval '90 days';
alter table api_token alter column public_id set not null;
alter table api_token alter column expires_at set not null;
alter table api_token add constraint api_token_public_id unique (public_id);
create index api_token_member on api_token (member_id);

-- The member's time zone for the times pages show (an IANA id); null means the node's (node.time-zone).
alter table member add column time_zone varchar(64);
