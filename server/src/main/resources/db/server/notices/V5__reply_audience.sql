-- A reply addressed to the public (Public in to or cc) may be shown to anyone who can read the notice; any other reply
-- (followers-only, direct) only to whoever may change the notice: its poster, or the organisers for the neighbourhood's.
alter table notice_reply add column addressed_publicly boolean not null default false;
