-- Gateways registered in the store (kabar-district gateway add), each
-- with what `gateway list` shows kept up to date by every batch, so the
-- list never counts the records table. The HMAC keys sit in a table of
-- their own (with SQLite the whole file is the service's: mode 0600).
ALTER TABLE gateways RENAME TO gateways_v1;
CREATE TABLE gateways (
    id TEXT PRIMARY KEY,
    name TEXT,
    region TEXT,
    token_hash TEXT,                 -- SHA-256 of the token, hex
    source TEXT NOT NULL DEFAULT 'store', -- 'config' when imported from it
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    updates_from INTEGER NOT NULL DEFAULT 0, -- updates before it joined are not its
    last_contact INTEGER,
    release TEXT,                    -- X-Kabar-Release of its last request
    records INTEGER NOT NULL DEFAULT 0,
    newest_at TEXT,                  -- the latest `at` of its records
    rate_window INTEGER NOT NULL DEFAULT 0, -- the minute being counted
    rate_count INTEGER NOT NULL DEFAULT 0);
INSERT INTO gateways (id, created_at, last_contact, records, newest_at)
    SELECT v.id, v.last_sync, v.last_sync,
           (SELECT COUNT(*) FROM records r WHERE r.gateway = v.id),
           (SELECT MAX(at) FROM records r WHERE r.gateway = v.id)
    FROM gateways_v1 v;
DROP TABLE gateways_v1;
CREATE TABLE gateway_keys (gateway TEXT PRIMARY KEY REFERENCES gateways(id),
    hmac_key TEXT NOT NULL);
CREATE INDEX records_gateway_type ON records (gateway, type);
