-- Records the district refused as malformed (a 4xx other than 401/403/408/
-- 429 for a batch of that one record). They are set aside here so the rest
-- keep flowing; the journal row keeps synced_at = 0 ("not pending, not
-- accepted") and `kabar sync retry` puts them back in the queue.
CREATE TABLE sync_rejected (
	seq		INTEGER PRIMARY KEY REFERENCES journal (seq),
	status		INTEGER NOT NULL,
	reason		TEXT NOT NULL,
	rejected_at	INTEGER NOT NULL
);
