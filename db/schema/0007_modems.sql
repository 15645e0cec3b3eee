-- Many modems and real networks: where each outbound SMS may go, whether
-- it was delivered, and what each modem knows of itself.

-- The modem whose send failed last; another takes the row when it can.
ALTER TABLE outbox ADD COLUMN avoid TEXT;
-- NULL: no report asked; pending | delivered | failed.
ALTER TABLE outbox ADD COLUMN delivery TEXT;
ALTER TABLE outbox ADD COLUMN delivered_at INTEGER;
CREATE INDEX outbox_reports ON outbox (modem, reference)
    WHERE delivery = 'pending';

ALTER TABLE modem_status ADD COLUMN registration TEXT;
ALTER TABLE modem_status ADD COLUMN operator TEXT;
-- The SIM's operator prefixes as a JSON array, for on-net routing.
ALTER TABLE modem_status ADD COLUMN prefixes TEXT NOT NULL DEFAULT '[]';
ALTER TABLE modem_status ADD COLUMN fails INTEGER NOT NULL DEFAULT 0;
ALTER TABLE modem_status ADD COLUMN resting_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE modem_status ADD COLUMN balance INTEGER;
ALTER TABLE modem_status ADD COLUMN balance_at INTEGER;
ALTER TABLE modem_status ADD COLUMN balance_warned INTEGER NOT NULL DEFAULT 0;
-- Who asked for the balance (an admin's phone), until it is checked.
ALTER TABLE modem_status ADD COLUMN balance_asked_by TEXT;

-- Missed calls taken as messages, for the once-per-number limit.
CREATE TABLE calls (
	id		INTEGER PRIMARY KEY,
	modem		TEXT NOT NULL,
	phone		TEXT NOT NULL,
	at		INTEGER NOT NULL,
	taken		INTEGER NOT NULL
);
CREATE INDEX calls_phone ON calls (phone, at);
