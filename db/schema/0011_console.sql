-- The village console (CONTRACT §7): sessions kept by the hash of their
-- id, so that a copy of the database gives no live session away and a
-- restart of kabard keeps people logged in; the console's own lock-out
-- after wrong passwords (apart from the PIN lock-out of SMS commands).
CREATE TABLE console_sessions (
	id_hash		TEXT PRIMARY KEY,
	phone		TEXT NOT NULL,
	csrf		TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	seen_at		INTEGER NOT NULL
);
CREATE INDEX console_sessions_phone ON console_sessions (phone);

CREATE TABLE console_locks (
	phone		TEXT PRIMARY KEY,
	failures	INTEGER NOT NULL DEFAULT 0,
	locked_until	INTEGER NOT NULL DEFAULT 0
);

-- The complaints list, newest first, filtered by kind and day.
CREATE INDEX tickets_kind_created ON tickets (kind, created_at);
