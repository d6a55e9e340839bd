-- Public disclosure (政务公开, issue 24; supervision-service/README.md "Public disclosure"). What the supervision office
-- marked public, with the government information-disclosure catalogue fields, and the report texts it may mark public.

-- Each progress report's text, kept from ProgressReported (the status read model keeps only percent and time). A report's
-- text is public only once the office marks it (public_at); a read-model rebuild keeps this table (an upsert by report
-- id never touches the mark).
create table disclosure_report (
    report_id        uuid primary key,
    assignment_id    uuid        not null,
    task_id          uuid        not null,
    unit_id          uuid        not null,
    percent_complete int         not null,
    narrative        text        not null,
    reported_at      timestamptz not null,
    public_at        timestamptz,
    public_by        text
);
create index disclosure_report_task on disclosure_report (task_id, reported_at desc);

-- 索引号: <organisation code>/<year>-<number>, the number from this sequence, given at the first publication and kept.
create sequence disclosure_index_seq;

-- One catalogue entry per published bulletin or task summary; withdrawing keeps the row (WITHDRAWN), re-publishing
-- reuses it with its 索引号.
create table disclosure_item (
    item_id      uuid primary key,
    kind         text        not null check (kind in ('BULLETIN', 'TASK')),
    target_id    uuid        not null,
    plan_id      uuid,
    index_number text        not null unique,
    title        text        not null,
    summary      text        not null,
    publisher    text        not null,
    status       text        not null check (status in ('PUBLIC', 'WITHDRAWN')),
    published_at timestamptz not null,
    published_by text        not null,
    withdrawn_at timestamptz,
    withdrawn_by text,
    unique (kind, target_id)
);
create index disclosure_item_public on disclosure_item (status, published_at desc);
