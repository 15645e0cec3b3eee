-- MENU over SMS: where each phone is in the menu, as the inputs so far.
CREATE TABLE menu_sessions (
	phone		TEXT PRIMARY KEY,
	inputs		TEXT NOT NULL,
	updated_at	INTEGER NOT NULL
);
