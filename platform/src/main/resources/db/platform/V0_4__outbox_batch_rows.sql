-- Batch rows: a set-based change (a deadline sweep over a million assignments) writes many events of one type and
-- topic as one row: each event's CloudEvents id and key in the arrays below, their JSON as JSON Lines (one event per
-- line; JSON text as written by EventJson has no raw line break) in payloads (Outbox.publishAll). One row per event
-- cost as much as the change itself (BENCHMARKS.md, deadline sweep). A single event keeps its own row as before.
alter table outbox_event
    add column event_count   int not null default 1,
    add column event_ids     uuid[],
    add column aggregate_ids text[],
    add column payloads      text,
    alter column aggregate_id drop not null,
    alter column payload drop not null,
    add constraint outbox_event_single_or_batch check (
        (payloads is null and event_ids is null and aggregate_ids is null and event_count = 1
            and aggregate_id is not null and payload is not null)
        or (payloads is not null and aggregate_id is null and payload is null
            and cardinality(event_ids) = event_count and cardinality(aggregate_ids) = event_count));

-- Out of line without compression: the ids and most of the JSON do not compress, and trying (pglz) doubled the time to
-- write a million events (2.1 s instead of 0.9 s on a scratch PostgreSQL).
alter table outbox_event
    alter column event_ids set storage external,
    alter column aggregate_ids set storage external,
    alter column payloads set storage external;

-- Every event of the outbox, one row each, batch rows unnested: what operators and tests read.
create view outbox_event_each as
select seq, id, topic, aggregate_id, type, payload, occurred_at, published_at
from outbox_event where payloads is null
union all
select o.seq, e.id, o.topic, e.aggregate_id, o.type, e.payload, o.occurred_at, o.published_at
from outbox_event o
cross join lateral unnest(o.event_ids, o.aggregate_ids, string_to_array(o.payloads, E'\n')) as e (id, aggregate_id, payload)
where o.payloads is not null;
