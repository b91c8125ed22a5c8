-- A reply's `url` as its author's server gave it (a page for people, maybe on another host than its id): shown as a
-- link that leaves the node, never used to identify the reply, which is its id (FEDERATION.md 6 row 26).
alter table notice_reply add column url text;
