-- Evidence files (整改佐证材料) attached to rectification reports (issue 24, supervision-service/README.md "Evidence files").
-- The same two tables as task-service's V38 (platform's evidence/EvidenceStore writes and reads evidence_chunk by that
-- name in each service's own database), the file row owned by a rectification instead of an assignment.
create table evidence_file (
    id               uuid primary key,
    rectification_id uuid        not null references rectification (rectification_id),
    inspection_id    uuid        not null,
    unit_id          uuid        not null,
    -- null until a report names it (an upload waiting for its report); then the time of that report, never changed
    reported_at      timestamptz,
    name             text        not null,
    content_type     text        not null,
    size             bigint      not null check (size > 0),
    sha256           text        not null check (sha256 ~ '^[0-9a-f]{64}$'),
    sm3              text        not null check (sm3 ~ '^[0-9a-f]{64}$'),
    chunks           int         not null check (chunks > 0),
    uploaded_by      text        not null,
    uploaded_at      timestamptz not null,
    -- an upload its unit took back before any report named it: the row stays (who, when), the bytes are deleted
    discarded_by     text,
    discarded_at     timestamptz,
    check (reported_at is null or discarded_at is null)
);

create index evidence_file_rectification on evidence_file (rectification_id, uploaded_at);

create table evidence_chunk (
    -- deferred: the chunks are written while the file is hashed, the file's row (with its hashes) after them
    file_id uuid  not null references evidence_file (id) on delete cascade deferrable initially deferred,
    seq     int   not null check (seq >= 0),
    data    bytea not null,
    primary key (file_id, seq)
);

-- PDF, PNG, JPEG and Office files are compressed already: store the chunks out of line without trying pglz on them.
alter table evidence_chunk alter column data set storage external;
