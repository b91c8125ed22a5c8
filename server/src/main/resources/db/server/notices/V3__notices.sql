-- Notices: short posts by a member or, through the neighbourhood, by the group (FEDERATION.md 3).
-- content_html is the sanitised HTML sent over ActivityPub; visibility decides delivery and fetches (FEDERATION.md 7).
-- posted_by_member_id keeps who posted a neighbourhood notice inside the node; it never leaves it.
create table notice (
    id                  bigint generated always as identity primary key,
    public_id           varchar(32) not null unique,
    author_actor_id     bigint      not null references local_actor (id),
    posted_by_member_id bigint      not null references member (id),
    content_html        text        not null,
    language            varchar(16) not null,
    visibility          varchar(16) not null check (visibility in ('followers', 'public', 'local')),
    uri                 text        not null unique,
    created_at          timestamp(6) with time zone not null,
    updated_at          timestamp(6) with time zone not null,
    deleted_at          timestamp(6) with time zone
);
create index notice_author on notice (author_actor_id, created_at);
