-- Shared by every service (platform module). Service migrations start at V1.

-- Transactional outbox: written in the same transaction as the state change it announces.
create table outbox_event (
    seq           bigserial primary key,           -- publication order
    id            uuid        not null unique,     -- CloudEvents id, stable across retries
    topic         text        not null,
    aggregate_id  text        not null,            -- Kafka key and CloudEvents subject
    type          text        not null,            -- CloudEvents type, e.g. duban.task.assigned.v1
    payload       text        not null,            -- JSON
    occurred_at   timestamptz not null,
    traceparent   text,                            -- W3C trace context of the writing request, if any
    published_at  timestamptz
);
create index outbox_event_unpublished on outbox_event (seq) where published_at is null;

-- Idempotent consumers: one row per (consumer, event) applied, in the same transaction as the effect.
create table processed_event (
    consumer      text        not null,
    event_id      uuid        not null,
    processed_at  timestamptz not null default now(),
    primary key (consumer, event_id)
);
