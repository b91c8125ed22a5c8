-- A fan-out's body is stored once and its delivery rows point at it (DeliveryRows.INSERT_MANY_SQL_ORDINAL): rows of
-- 2,000 inboxes carried 2,000 copies, and each of a row's three versions (queued, claimed, delivered) copied it again,
-- which was about a third of the database's work in a fan-out (docs/benchmarks.md). Rows written one at a time
-- (DeliveryRows.INSERT_SQL) and rows queued before this migration keep their own body. No foreign key: the retention
-- cleanup deletes bodies no row points at (DeliveryWorker.BODY_CLEANUP_SQL), and a key would have to be checked on
-- every row written.
create table federation_delivery_body (
    id   bigint generated always as identity primary key,
    body bytea not null
);

alter table federation_delivery add column body_id bigint;
alter table federation_delivery alter column body drop not null;
alter table federation_delivery add constraint federation_delivery_body_present
    check (body is not null or body_id is not null);
