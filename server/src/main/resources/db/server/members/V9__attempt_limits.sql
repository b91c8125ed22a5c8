-- Login and sign-up limits: one row per subject ("user:<hash of the name>", "client:<hash of the address>",
-- "signup-client:<hash>", "signup-node"), counted by one upsert so parallel requests cannot exceed a limit.
-- It replaces login_failure, whose count-then-insert let parallel guesses through and whose lock-out kept the
-- real member out with the right password.
create table attempt_limit (
    subject     varchar(100) primary key,
    tries       integer not null,
    window_from timestamp(6) with time zone not null,
    not_before  timestamp(6) with time zone not null
);

drop table login_failure;
