-- Village services: tickets (complaints now; letters and queues later),
-- admin audit and lock-outs, polls and votes, surveys, broadcasts.

-- A ticket number is 5 digits and a Damm check digit, as residents type it.
CREATE TABLE tickets (
	number		TEXT PRIMARY KEY,
	kind		TEXT NOT NULL DEFAULT 'complaint',
	phone		TEXT NOT NULL,
	category	TEXT,
	text		TEXT NOT NULL,
	status		TEXT NOT NULL,
	note		TEXT,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
);
CREATE INDEX tickets_status ON tickets (status, updated_at);

CREATE TABLE ticket_history (
	id		INTEGER PRIMARY KEY,
	number		TEXT NOT NULL,
	status		TEXT NOT NULL,
	note		TEXT,
	by		TEXT NOT NULL,
	at		INTEGER NOT NULL
);

-- Every admin command, allowed or refused.
CREATE TABLE audit (
	id		INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL,
	phone		TEXT NOT NULL,
	command		TEXT NOT NULL,
	allowed		INTEGER NOT NULL,
	detail		TEXT
);

CREATE TABLE admin_locks (
	phone		TEXT PRIMARY KEY,
	failures	INTEGER NOT NULL DEFAULT 0,
	locked_until	INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE polls (
	code		TEXT PRIMARY KEY,
	question	TEXT NOT NULL,
	options		TEXT NOT NULL,		-- JSON array of strings
	grp		TEXT,
	public_results	INTEGER NOT NULL DEFAULT 0,
	closes_at	INTEGER,
	status		TEXT NOT NULL DEFAULT 'open'
	    CHECK (status IN ('open', 'closed')),
	created_at	INTEGER NOT NULL,
	closed_at	INTEGER
);

-- Who was sent a poll: a bare digit from them is a vote in it.
CREATE TABLE poll_audience (
	code		TEXT NOT NULL,
	phone		TEXT NOT NULL,
	sent_at		INTEGER NOT NULL,
	PRIMARY KEY (code, phone)
);

CREATE TABLE votes (
	code		TEXT NOT NULL,
	phone		TEXT NOT NULL,
	option		INTEGER NOT NULL,
	at		INTEGER NOT NULL,
	PRIMARY KEY (code, phone)
);

ALTER TABLE outbox ADD COLUMN broadcast_id INTEGER;
CREATE INDEX outbox_broadcast ON outbox (broadcast_id)
    WHERE broadcast_id IS NOT NULL;

CREATE TABLE broadcasts (
	id		INTEGER PRIMARY KEY,
	text		TEXT NOT NULL,
	grp		TEXT,
	requested_by	TEXT NOT NULL,
	confirm_code	TEXT,
	status		TEXT NOT NULL
	    CHECK (status IN ('pending', 'queued', 'done', 'expired')),
	recipients	INTEGER NOT NULL DEFAULT 0,
	parts		INTEGER NOT NULL DEFAULT 1,
	created_at	INTEGER NOT NULL,
	confirmed_at	INTEGER,
	done_at		INTEGER
);

CREATE TABLE surveys (
	code		TEXT PRIMARY KEY,
	title		TEXT NOT NULL,
	questions	TEXT NOT NULL,		-- JSON array
	created_at	INTEGER NOT NULL
);

CREATE TABLE survey_sessions (
	phone		TEXT PRIMARY KEY,
	code		TEXT NOT NULL,
	step		INTEGER NOT NULL,
	answers		TEXT NOT NULL,		-- JSON array so far
	updated_at	INTEGER NOT NULL
);

CREATE TABLE survey_responses (
	id		INTEGER PRIMARY KEY,
	code		TEXT NOT NULL,
	phone		TEXT NOT NULL,
	answers		TEXT NOT NULL,
	at		INTEGER NOT NULL
);
