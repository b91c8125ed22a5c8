-- Organisers can pause an account (suspended: no log-in, no sessions, no tokens) and restore it.
alter table member drop constraint member_status_check;
alter table member add constraint member_status_check check (status in ('pending', 'active', 'rejected', 'suspended'));

-- One-time password links an organiser makes for a neighbour without email. Only the token's SHA-256 is stored, so a
-- database leak does not leak working links; used_at makes the link single use.
create table password_link (
    token_hash  varchar(64) primary key,
    member_id   bigint      not null references member (id) on delete cascade,
    created_by  bigint      not null references member (id) on delete cascade,
    created_at  timestamp(6) with time zone not null,
    expires_at  timestamp(6) with time zone not null,
    used_at     timestamp(6) with time zone
);
create index password_link_member on password_link (member_id);
