-- Local actors: members (Person), the neighbourhood (Group) and the instance actor (Application).
-- Persons and groups share one username namespace (FEDERATION.md 1.1).
create table local_actor (
    id                      bigint generated always as identity primary key,
    username                varchar(64)  not null unique,
    kind                    varchar(16)  not null check (kind in ('person', 'group', 'application')),
    display_name            varchar(100) not null,
    summary                 text         not null default '',
    rsa_public_pem          text         not null,
    rsa_private_pem         text         not null,
    ed25519_public_pem      text         not null,
    ed25519_public_multibase varchar(100) not null,
    ed25519_private_pem     text         not null,
    created_at              timestamp(6) with time zone not null
);

create table member (
    id            bigint generated always as identity primary key,
    public_id     varchar(32)  not null unique,
    actor_id      bigint       not null unique references local_actor (id),
    username      varchar(30)  not null unique,
    password_hash varchar(255) not null,
    role          varchar(16)  not null check (role in ('member', 'coordinator', 'admin')),
    status        varchar(16)  not null check (status in ('pending', 'active', 'rejected')),
    signup_reason text,
    languages     varchar(64)  not null default '',
    ui_language   varchar(8),
    created_at    timestamp(6) with time zone not null,
    approved_at   timestamp(6) with time zone
);

create table login_session (
    token_hash  varchar(64) primary key,
    member_id   bigint      not null references member (id) on delete cascade,
    created_at  timestamp(6) with time zone not null,
    expires_at  timestamp(6) with time zone not null
);
create index login_session_member on login_session (member_id);

create table api_token (
    jti         varchar(64) primary key,
    member_id   bigint      not null references member (id) on delete cascade,
    created_at  timestamp(6) with time zone not null,
    revoked_at  timestamp(6) with time zone
);

create table invite (
    code        varchar(64) primary key,
    created_by  bigint      not null references member (id),
    created_at  timestamp(6) with time zone not null,
    expires_at  timestamp(6) with time zone not null,
    used_by     bigint references member (id),
    used_at     timestamp(6) with time zone
);

-- Failed logins, for the rate limit; subject is "user:<name>" or "client:<hash of the address>", never the address.
create table login_failure (
    id          bigint generated always as identity primary key,
    subject     varchar(100) not null,
    failed_at   timestamp(6) with time zone not null
);
create index login_failure_subject_time on login_failure (subject, failed_at);
