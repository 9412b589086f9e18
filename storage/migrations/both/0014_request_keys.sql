-- Idempotency keys are the caller's: the key stored in a table's request_id column is a hash of
-- the caller, the method and the caller's request_id, so that one caller's id never returns
-- another caller's object. Each key's first request is remembered by its fingerprint (a hash of
-- the request without its request_id): the same id with other content is refused.
CREATE TABLE request_keys (
  request_key TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL
);
