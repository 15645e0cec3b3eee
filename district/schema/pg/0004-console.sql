-- The district console (CONTRACT section 8): officers' sessions and
-- lock-outs live in the store, so any receiver serves any request. A
-- session is kept under its id's SHA-256 (a copied store gives no live
-- session away); a number with 5 wrong passwords within an hour is
-- locked out for an hour.
CREATE TABLE console_sessions (
    id_hash text PRIMARY KEY,
    phone text NOT NULL,
    csrf text NOT NULL,
    created_at bigint NOT NULL,
    seen_at bigint NOT NULL);
CREATE INDEX console_sessions_seen ON console_sessions (seen_at);
CREATE TABLE console_locks (
    phone text PRIMARY KEY,
    failures integer NOT NULL DEFAULT 0,
    window_start bigint NOT NULL DEFAULT 0,
    locked_until bigint NOT NULL DEFAULT 0);
-- Complaints across villages are found by their ticket in each village.
CREATE INDEX records_complaints ON records (gateway, (data->>'ticket'))
    WHERE type IN ('complaint', 'complaint_status');
