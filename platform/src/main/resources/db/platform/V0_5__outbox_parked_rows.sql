-- Poison rows (OutboxRelay): a row the broker refuses for good (larger than max.request.size, an unknown topic, not
-- authorised) counts its failures; after duban.outbox.max-attempts it is parked so that later rows go on, while later
-- rows sharing one of its keys on its topic wait behind it (per-key order). An operator retries or discards it
-- (platform's /api/admin/outbox/parked); who did it and when is kept on the row.
alter table outbox_event
    add column attempts       int not null default 0,
    add column last_error     text,
    add column parked_at      timestamptz,
    add column discarded_at   timestamptz,
    add column resolved_by    text,
    add column resolved_at    timestamptz;

-- The parked rows (few): what the relay looks up for every candidate row's keys.
create index outbox_event_parked on outbox_event (topic, seq)
    where parked_at is not null and published_at is null and discarded_at is null;
