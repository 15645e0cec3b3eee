-- A received message the modem's driver cannot decode is kept before it
-- leaves the SIM: its raw bytes (the PDU, in hex) in `raw`, and state
-- 'unreadable' unless its text could be read from them anyway. SQLite
-- cannot widen a CHECK in place, so the table is made again.
CREATE TABLE inbox_v9 (
	id		INTEGER PRIMARY KEY,
	fingerprint	TEXT NOT NULL UNIQUE,
	modem		TEXT NOT NULL,
	sender		TEXT NOT NULL,
	phone		TEXT,
	text		TEXT NOT NULL,
	parts		INTEGER NOT NULL DEFAULT 1,
	sent_at		INTEGER,
	received_at	INTEGER NOT NULL,
	state		TEXT NOT NULL DEFAULT 'new'
	    CHECK (state IN ('new', 'done', 'kept', 'capped', 'unreadable')),
	handled_at	INTEGER,
	note		TEXT,
	raw		TEXT
);
INSERT INTO inbox_v9 (id, fingerprint, modem, sender, phone, text, parts,
    sent_at, received_at, state, handled_at, note)
    SELECT id, fingerprint, modem, sender, phone, text, parts, sent_at,
    received_at, state, handled_at, note FROM inbox;
DROP TABLE inbox;
ALTER TABLE inbox_v9 RENAME TO inbox;
CREATE INDEX inbox_new ON inbox (id) WHERE state = 'new';
