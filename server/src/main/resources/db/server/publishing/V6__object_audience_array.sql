-- Every inbox an object was sent to, one row per object instead of one per inbox: a notice to 2,000 followers wrote
-- 2,000 rows (and their (object_uri, inbox) index entries) in its publishing transaction, 14 ms of it, and kept them
-- forever; one array is written in 2 ms and stored compressed (docs/benchmarks.md).
create table object_audience_set (
    object_uri text   primary key,
    inboxes    text[] not null
);
insert into object_audience_set (object_uri, inboxes)
select object_uri, array_agg(inbox order by inbox) from object_audience group by object_uri;
drop table object_audience;
alter table object_audience_set rename to object_audience;
alter index object_audience_set_pkey rename to object_audience_pkey;
