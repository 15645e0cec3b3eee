-- A robot that answers every SMS would cost the village its reply cap
-- every hour for ever. The hours in which a sender reached the cap are
-- kept for a few hours; a sender capped three hours in a row gets no
-- replies for a day (its messages are still handled), and the admins
-- hear of it once a day.
CREATE TABLE sender_caps (
	phone		TEXT NOT NULL,
	hour		INTEGER NOT NULL,	-- seconds / 3600
	PRIMARY KEY (phone, hour)
) WITHOUT ROWID;
CREATE TABLE sender_mutes (
	phone		TEXT PRIMARY KEY,
	until		INTEGER NOT NULL,
	told_day	TEXT			-- the local day admins were told
);
