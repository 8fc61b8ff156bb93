-- Idempotency-Keys expire after gateway.idempotency.retention: the gateway releases them (sets the key to NULL) in
-- bulk, oldest first (service.IdempotencyKeyCleaner). These indexes hold only the rows that still have a key, by time,
-- so the cleanup reads only what it releases, however large the registry grows.
CREATE INDEX IF NOT EXISTS scenario_keyed ON scenario (submitted_at) WHERE idempotency_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS sweep_keyed ON sweep (created_at) WHERE idempotency_key IS NOT NULL;
