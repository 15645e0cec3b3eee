-- The district console (CONTRACT section 8): officers' sessions and
-- lock-outs live in the store, so any receiver serves any request. A
-- session is kept under its id's SHA-256 (a copied store gives no live
-- session away); a number with 5 wrong passwords within an hour is
-- locked out for an hour.
CREATE TABLE console_sessions (
    id_hash TEXT PRIMARY KEY,
    phone TEXT NOT NULL,
    csrf TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    seen_at INTEGER NOT NULL);
CREATE INDEX console_sessions_seen ON console_sessions (seen_at);
CREATE TABLE console_locks (
    phone TEXT PRIMARY KEY,
    failures INTEGER NOT NULL DEFAULT 0,
    window_start INTEGER NOT NULL DEFAULT 0, -- the hour being counted
    locked_until INTEGER NOT NULL DEFAULT 0);
-- Complaints across villages are found by their ticket in each village.
CREATE INDEX records_complaints ON records (gateway,
    json_extract(data, '$.ticket'))
    WHERE type IN ('complaint', 'complaint_status');
