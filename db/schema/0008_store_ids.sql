-- The identity of this database, part of every record id sent to the
-- district (GATEWAY:STORE-SEQ), so that a recreated database (a new SD
-- card, a fresh install) never reuses an id. A record takes the identity
-- in force when its seq was given: the row with the greatest `since` not
-- above it. A new identity starts when the district says ids clash (a
-- restored backup shares its original's) and after a restore. Records
-- older than the first row keep the plain ids they may already have been
-- sent with.
CREATE TABLE store_ids (
	since		INTEGER PRIMARY KEY,
	id		TEXT NOT NULL
);
INSERT INTO store_ids (since, id) VALUES (
    COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'journal'), 0)
    + 1, lower(hex(randomblob(6))));
