-- The first schema: messages in and out, residents, and the journal of
-- business records that the district sync reads.

CREATE TABLE meta (
	key	TEXT PRIMARY KEY,
	value	TEXT NOT NULL
);

-- Every received SMS, committed before it is deleted from the modem. The
-- fingerprint recognises a message read again after a crash between the
-- commit and the delete.
CREATE TABLE inbox (
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
	    CHECK (state IN ('new', 'done', 'kept', 'capped')),
	handled_at	INTEGER,
	note		TEXT
);
CREATE INDEX inbox_new ON inbox (id) WHERE state = 'new';

-- Parts of concatenated SMS until every part is in (or the wait is over).
-- Rows stay after assembly, for a while, so a part read twice is known.
CREATE TABLE sms_parts (
	fingerprint	TEXT PRIMARY KEY,
	modem		TEXT NOT NULL,
	sender		TEXT NOT NULL,
	phone		TEXT,
	ref		INTEGER NOT NULL,
	total		INTEGER NOT NULL,
	seq		INTEGER NOT NULL,
	text		TEXT NOT NULL,
	sent_at		INTEGER,
	received_at	INTEGER NOT NULL,
	inbox_id	INTEGER
);
CREATE INDEX sms_parts_open ON sms_parts (sender, ref, total)
    WHERE inbox_id IS NULL;

CREATE TABLE outbox (
	id		INTEGER PRIMARY KEY,
	recipient	TEXT NOT NULL,
	text		TEXT NOT NULL,
	kind		TEXT NOT NULL DEFAULT 'reply',
	inbox_id	INTEGER,
	priority	INTEGER NOT NULL DEFAULT 0,
	parts		INTEGER NOT NULL DEFAULT 1,
	status		TEXT NOT NULL DEFAULT 'queued'
	    CHECK (status IN ('queued', 'sending', 'sent', 'failed',
	    'unknown', 'cancelled')),
	modem		TEXT,
	tries		INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL,
	not_before	INTEGER NOT NULL DEFAULT 0,
	sent_at		INTEGER,
	reference	INTEGER,
	last_error	TEXT
);
CREATE INDEX outbox_queue ON outbox (priority DESC, id)
    WHERE status = 'queued';
CREATE INDEX outbox_recipient ON outbox (recipient, created_at);

CREATE TABLE residents (
	phone		TEXT PRIMARY KEY,
	name		TEXT NOT NULL,
	grp		TEXT,
	registered_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	opted_out_at	INTEGER
);

-- Business records for the district, in the order they happened. seq is
-- the gateway-unique sequence: the record id at the district is "ID:seq".
CREATE TABLE journal (
	seq		INTEGER PRIMARY KEY AUTOINCREMENT,
	type		TEXT NOT NULL,
	at		INTEGER NOT NULL,
	data		TEXT NOT NULL,
	synced_at	INTEGER
);
CREATE INDEX journal_pending ON journal (seq) WHERE synced_at IS NULL;

-- Outbound SMS parts sent per local day, for the daily budget.
CREATE TABLE budget (
	day		TEXT PRIMARY KEY,
	used		INTEGER NOT NULL DEFAULT 0
);

-- What each modem worker last reported, for `kabar status`.
CREATE TABLE modem_status (
	name		TEXT PRIMARY KEY,
	state		TEXT NOT NULL,
	last_error	TEXT,
	changed_at	INTEGER NOT NULL,
	seen_at		INTEGER NOT NULL
);
