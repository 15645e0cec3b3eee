-- The store as the first release made it (tables created when missing,
-- so a district file of that release is taken over as it is).
CREATE TABLE IF NOT EXISTS records (id TEXT PRIMARY KEY, gateway TEXT NOT NULL,
    type TEXT NOT NULL, at TEXT NOT NULL, data TEXT NOT NULL,
    received_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS updates (id INTEGER PRIMARY KEY, gateway TEXT,
    type TEXT NOT NULL, payload TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS gateways (id TEXT PRIMARY KEY,
    last_sync INTEGER NOT NULL);
