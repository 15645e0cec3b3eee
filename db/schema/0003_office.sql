-- The village office: letters (tickets of kind 'letter'), the daily queue
-- at each counter, and residents' marks after a service is finished.

ALTER TABLE tickets ADD COLUMN letter TEXT;	-- letter type code
ALTER TABLE tickets ADD COLUMN nik TEXT;	-- never sent in any SMS

CREATE TABLE queue (
	id		INTEGER PRIMARY KEY,
	day		TEXT NOT NULL,
	counter		TEXT NOT NULL,
	position	INTEGER NOT NULL,	-- order of calling
	number		INTEGER NOT NULL,	-- what the resident is told
	phone		TEXT NOT NULL,
	ticket		TEXT NOT NULL,
	status		TEXT NOT NULL DEFAULT 'waiting'
	    CHECK (status IN ('waiting', 'called', 'skipped')),
	rejoined	INTEGER NOT NULL DEFAULT 0,
	warned		INTEGER NOT NULL DEFAULT 0,
	taken_at	INTEGER NOT NULL,
	called_at	INTEGER,
	UNIQUE (day, counter, phone)
);
CREATE INDEX queue_waiting ON queue (day, counter, position)
    WHERE status = 'waiting';

CREATE TABLE feedback (
	ticket		TEXT PRIMARY KEY,
	phone		TEXT NOT NULL,
	kind		TEXT NOT NULL,
	category	TEXT,
	asked_at	INTEGER NOT NULL,
	mark		INTEGER,
	marked_at	INTEGER
);
CREATE INDEX feedback_open ON feedback (phone, asked_at) WHERE mark IS NULL;
