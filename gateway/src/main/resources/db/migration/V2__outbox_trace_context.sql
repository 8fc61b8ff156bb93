-- The trace context (W3C traceparent, and tracestate/baggage when present) of the request that submitted each row, so
-- the outbox relay publishes the row's scenarios.submitted record in the request's trace, however late and from
-- whichever replica (docs/architecture.md, observability). Null for rows stored before: they start a trace of their own.
ALTER TABLE scenario ADD COLUMN IF NOT EXISTS trace_context text;
