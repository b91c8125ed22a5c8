-- Claims read each host's unfinished rows in id order (DeliveryWorker.CLAIM_SQL): a partial index of those rows only,
-- so delivered rows leave it. It replaces (host, state), which every row version entered; (state, updated_at) is
-- dropped too: only the retention cleanup read it, a few times a day, and each row's three versions paid for it.
create index federation_delivery_unfinished on federation_delivery (host, id) where state in ('pending', 'in_flight');
drop index federation_delivery_host;
drop index federation_delivery_state_updated;
