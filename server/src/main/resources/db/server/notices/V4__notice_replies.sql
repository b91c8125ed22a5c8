-- Every inbox an object was sent to, so its Update and Delete reach the same servers even after a follower has
-- left (FEDERATION.md 5 "Recipients": "for Update/Delete every inbox that received the object").
create table object_audience (
    object_uri text not null,
    inbox      text not null,
    primary key (object_uri, inbox)
);

-- Replies from the fediverse (Create(Note) with inReplyTo a local notice). Content is sanitised before storage.
-- A deleted reply keeps its row (uri) as a tombstone with its content cleared, so a late Create is refused.
create table notice_reply (
    id           bigint generated always as identity primary key,
    notice_id    bigint not null references notice (id) on delete cascade,
    uri          text   not null unique,
    actor_uri    text   not null,
    content_html text   not null,
    published_at timestamp(6) with time zone,
    received_at  timestamp(6) with time zone not null,
    updated_at   timestamp(6) with time zone not null,
    deleted_at   timestamp(6) with time zone
);
create index notice_reply_by_notice on notice_reply (notice_id, received_at, id);

-- Likes and Announces of a notice, one per actor and kind (Mastodon keeps one favourite and one reblog per account).
create table notice_reaction (
    id           bigint generated always as identity primary key,
    notice_id    bigint      not null references notice (id) on delete cascade,
    kind         varchar(16) not null check (kind in ('like', 'announce')),
    actor_uri    text        not null,
    activity_uri text        not null,
    created_at   timestamp(6) with time zone not null,
    unique (notice_id, kind, actor_uri)
);
create index notice_reaction_activity on notice_reaction (activity_uri);

-- Remote objects deleted before we saw them (FEDERATION.md 5 "Tombstones", 6 row 28: Delete before Create).
create table remote_tombstone (
    uri        text primary key,
    actor_uri  text not null,
    deleted_at timestamp(6) with time zone not null
);
