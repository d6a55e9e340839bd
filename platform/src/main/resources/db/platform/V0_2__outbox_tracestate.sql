-- The vendor part of the W3C trace context, stored beside traceparent so a trace continues across Kafka.
alter table outbox_event add column tracestate text;
