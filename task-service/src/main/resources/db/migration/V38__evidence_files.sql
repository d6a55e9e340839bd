-- Evidence files (佐证材料) attached to progress reports (issue 24, task-service/README.md "Evidence files").
-- The metadata and the hashes of each file; the bytes in chunks of evidence_chunk, so neither an upload nor a download
-- ever holds a whole file in memory (a bytea value is read whole by the driver: a chunk is the unit of memory).
create table evidence_file (
    id            uuid primary key,
    assignment_id uuid        not null references assignment (id),
    task_id       uuid        not null,
    unit_id       uuid        not null,
    -- null until a report names it (an upload waiting for its report); then never changed
    report_id     uuid references progress_report (id),
    name          text        not null,
    content_type  text        not null,
    size          bigint      not null check (size > 0),
    sha256        text        not null check (sha256 ~ '^[0-9a-f]{64}$'),
    sm3           text        not null check (sm3 ~ '^[0-9a-f]{64}$'),
    chunks        int         not null check (chunks > 0),
    uploaded_by   text        not null,
    uploaded_at   timestamptz not null,
    attached_at   timestamptz,
    -- an upload its unit took back before any report named it: the row stays (who, when), the bytes are deleted
    discarded_by  text,
    discarded_at  timestamptz,
    check (report_id is null or discarded_at is null)
);

create index evidence_file_assignment on evidence_file (assignment_id, uploaded_at);
create index evidence_file_report on evidence_file (report_id) where report_id is not null;

create table evidence_chunk (
    -- deferred: the chunks are written while the file is hashed, the file's row (with its hashes) after them
    file_id uuid  not null references evidence_file (id) on delete cascade deferrable initially deferred,
    seq     int   not null check (seq >= 0),
    data    bytea not null,
    primary key (file_id, seq)
);

-- PDF, PNG, JPEG and Office files are compressed already: store the chunks out of line without trying pglz on them.
alter table evidence_chunk alter column data set storage external;
