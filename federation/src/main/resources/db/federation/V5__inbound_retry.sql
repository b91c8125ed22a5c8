-- Inbound jobs that failed for a temporary reason are tried again later (InboundSchedule, InboundFailures):
-- next_attempt_at is when; null for a job never put back. last_error is the short token of the latest failure
-- (a fetch reason, an SQLSTATE or an exception's class name; never a message, never a body).
alter table federation_inbound_job add column next_attempt_at timestamp(6) with time zone;
alter table federation_inbound_job add column last_error text;

-- The claim reads three kinds of rows (InboundLog.CLAIM), each from a partial index of those rows only: new jobs in
-- arrival order, jobs put back by due time, and claimed jobs whose lease ran out. With the one (state, id) index, a
-- claim stepped over every job waiting to retry (older, so first in id order) before it reached a new one. A finished
-- row enters only the index retention reads; (state, id) is dropped, each row's three versions paid for it.
create index federation_inbound_job_new on federation_inbound_job (id) where state = 'pending' and next_attempt_at is null;
create index federation_inbound_job_retry on federation_inbound_job (next_attempt_at) where state = 'pending' and next_attempt_at is not null;
create index federation_inbound_job_leased on federation_inbound_job (lease_until) where state = 'in_flight';
create index federation_inbound_job_done on federation_inbound_job (finished_at) where state = 'done';
drop index federation_inbound_job_claim;
