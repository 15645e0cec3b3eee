/*
 * The store and the queue. One struct db is one SQLite connection; every
 * worker thread opens its own. db_open creates the file (mode 0600),
 * applies the numbered migrations, and sets 512-byte pages (a new file),
 * WAL, synchronous=FULL and a busy timeout. Every statement is prepared
 * once per connection and kept until db_close. Functions return 0 (or a
 * count), 1 for "nothing there" where it says so, and -1 on an error
 * they have already logged.
 */
#ifndef KABAR_DB_H
#define KABAR_DB_H

#include <stddef.h>
#include <stdint.h>

#include "clock.h"

struct db;

struct db *db_open(const char *path, char *err, size_t errsz);
void	db_close(struct db *db);	/* NULL is a no-op */
/*
 * 1 while the path still names the file this connection opened; 0 once
 * it was deleted or replaced under the daemon (said loudly, once a
 * minute): what is committed then is not where a restart will look.
 */
int	db_on_disk(struct db *db);
/* 1 while this connection's last write found the disk full. */
int	db_disk_full(struct db *db);
int	db_schema_version(struct db *db);
/*
 * Durability. A connection commits with synchronous = FULL: each commit
 * is on the card before db_commit returns. db_lazy_commits() makes this
 * connection's commits wait for the next fsync of the WAL instead
 * (synchronous = NORMAL): a crash of kabard loses none of them, a power
 * cut may lose the latest. The WAL is one sequence, so any later
 * synchronous commit or db_flush(), on any connection, puts them on the
 * card too; whoever acts outside the database on what it read (deletes
 * from a SIM, sends an SMS, uploads a record) does one of those first.
 * db_flush: every commit so far on the card; 0, or -1 (logged).
 */
int	db_lazy_commits(struct db *db);
int	db_flush(struct db *db);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
int	db_begin(struct db *db);
int	db_commit(struct db *db);
void	db_rollback(struct db *db);
/* Inside a transaction: mark, keep, or undo what came after the mark. */
enum db_savepoint { SP_SET, SP_KEEP, SP_UNDO };
int	db_savepoint(struct db *db, enum db_savepoint op);

/* Local calendar day "YYYY-MM-DD" of t in the process time zone. */
void	db_day(int64_t t, char out[11]);

/* --- inbox (db_inbox.c) --- */

struct inbox_row {
	int64_t	 id;
	char	*modem;
	char	*sender;	/* as received */
	char	*phone;		/* E.164, NULL when not repliable */
	char	*text;
	int	 parts;
	int64_t	 sent_at;
	int64_t	 received_at;
	char	*state;
};
void	inbox_row_clear(struct inbox_row *r);	/* frees the strings */

/* One SMS, or one part of a concatenated SMS, as read from a modem. */
struct sms_in {
	const char *modem;
	const char *sender;
	const char *phone;	/* E.164, or NULL */
	const char *text;	/* UTF-8 */
	int64_t	 sent_at;	/* SMSC time stamp, 0 if unknown */
	int	 ref;		/* concatenation reference, 0 if single */
	int	 seq, total;	/* part seq of total; 1 of 1 if single */
};

/*
 * Store a received SMS (or part; a complete set of parts becomes one inbox
 * row). Sets *fresh to 0 when this exact message was stored before. Run
 * it inside a transaction; commit before deleting it from the modem.
 */
int	db_inbox_receive(struct db *db, const struct sms_in *m, int64_t now,
	    int *fresh);
/*
 * A message the modem's driver could not decode, kept with its raw bytes
 * (hex): handled like any other when text could be read from them,
 * else kept as state 'unreadable' for an operator. *fresh as above.
 */
int	db_inbox_receive_raw(struct db *db, const struct sms_in *m,
	    const char *raw, int64_t now, int *fresh);
/* Assemble incomplete sets whose first part is older than `before`. */
int	db_parts_release(struct db *db, int64_t before, int64_t now);
/* The oldest unhandled row: 0 and *out filled, 1 when none. */
int	db_inbox_next(struct db *db, struct inbox_row *out);
int	db_inbox_mark(struct db *db, int64_t id, const char *state,
	    const char *note, int64_t now);
int	db_inbox_get(struct db *db, int64_t id, struct inbox_row *out);

/* --- outbox (db_outbox.c) --- */

struct outbox_row {
	int64_t	 id;
	char	*recipient;
	char	*text;
	char	*kind;
	char	*status;
	char	*modem;
	char	*last_error;
	int	 parts;
	int	 tries;
	int64_t	 created_at;
	int64_t	 sent_at;
};
void	outbox_row_clear(struct outbox_row *r);

struct outbox_new {
	const char *to;		/* E.164 */
	const char *text;
	const char *kind;	/* reply | send | broadcast | notice */
	int64_t	 inbox_id;	/* 0 if none */
	int	 priority;	/* higher goes first */
	int	 parts;
	int64_t	 not_before;
	int64_t	 broadcast_id;	/* 0 if none */
};
int	db_outbox_add(struct db *db, const struct outbox_new *m, int64_t now,
	    int64_t *id);
/*
 * Take the next queued row due by `now` for modem: 0, or 1 when none.
 * Without bulk_ok (quiet hours), broadcasts, polls and surveys wait.
 */
int	db_outbox_claim(struct db *db, const char *modem, int64_t now,
	    int bulk_ok, struct outbox_row *out);
/* A send done, its mark not yet written. */
struct outbox_sent {
	int64_t	 id;		/* 0: none */
	int	 reference;
	int	 parts;
	int	 report;	/* a delivery report is awaited */
	int64_t	 at;
};
/*
 * db_outbox_claim, with done's sent mark (when done->id != 0) in the
 * claim's transaction: one commit and one flush serve both. done->id is
 * 0 afterwards once the mark is written, even when no row waits (1);
 * on -1 it is left for the caller to write with db_outbox_sent.
 */
int	db_outbox_claim_after(struct db *db, struct outbox_sent *done,
	    const char *modem, int64_t now, int bulk_ok,
	    struct outbox_row *out);
/* Sent: status, reference, and the day's budget, in one transaction;
 * with report, a delivery report is awaited. */
int	db_outbox_sent(struct db *db, int64_t id, int reference, int parts,
	    int64_t now, int report);
/* Failed: back to the queue at retry_at while tries < max, else failed;
 * another modem takes it next when one can. */
int	db_outbox_failed(struct db *db, int64_t id, const char *err,
	    int max_tries, int64_t retry_at);
/* Hand a claimed row back untouched (budget or rate said not now). */
int	db_outbox_release(struct db *db, int64_t id, int64_t not_before);
/*
 * Rows left "sending" by a crash: whether the modem sent them is unknown.
 * They are marked "unknown", not sent again, so nobody gets a reply twice.
 */
int	db_outbox_recover(struct db *db, const char *modem);
/* Replies queued for phone since `since` (the per-sender cap). */
int	db_outbox_count_to(struct db *db, const char *phone, int64_t since);

/* --- senders past the reply cap (db_senders.c) --- */

/* 1 while phone's replies are held (a robot), 0 if not, -1. */
int	db_sender_muted(struct db *db, const char *phone, int64_t now);
/* phone reached the cap in this hour: how many of the last three hours
 * (this one included) it did, or -1. */
int	db_sender_capped(struct db *db, const char *phone, int64_t now);
/* Hold phone's replies until `until`; 1 when the admins are to be told
 * (not yet on local day `day`), 0 if not, -1. */
int	db_sender_mute(struct db *db, const char *phone, int64_t until,
	    const char *day);

/* --- residents (db_residents.c) --- */

struct resident {
	char	*phone;
	char	*name;
	char	*grp;		/* may be NULL */
	int64_t	 registered_at;
	int64_t	 opted_out_at;	/* 0 when receiving */
};
void	resident_clear(struct resident *r);
/* 0 and *out filled, 1 when not registered. */
int	db_resident_get(struct db *db, const char *phone, struct resident *out);
/* Registers or updates, and clears an opt-out. */
int	db_resident_put(struct db *db, const char *phone, const char *name,
	    const char *grp, int64_t now);
/* 0 when opted out now, 1 when it already was (or is unknown and stays). */
int	db_resident_optout(struct db *db, const char *phone, int64_t now);

/* --- tickets and admin checks (db_tickets.c) --- */

struct ticket {
	char	 number[8];
	char	*kind;
	char	*phone;
	char	*category;
	char	*text;
	char	*status;
	char	*note;
	int64_t	 created_at;
	int64_t	 updated_at;
};
void	ticket_clear(struct ticket *t);
/* A new ticket with a fresh random number, into out (7 bytes). */
int	db_ticket_new(struct db *db, const char *kind, const char *phone,
	    const char *category, const char *text, const char *status,
	    int64_t now, char *out);
/* 0 and *t filled, 1 when there is no such ticket. */
int	db_ticket_get(struct db *db, const char *number, struct ticket *t);
/* Set status and note, with a history row saying by whom. */
int	db_ticket_set(struct db *db, const char *number, const char *status,
	    const char *note, const char *by, int64_t now);

int	db_audit(struct db *db, const char *phone, const char *command,
	    int allowed, const char *detail, int64_t now);
/* Seconds the number stays locked out (0 when it is not). */
int64_t	db_lock_remaining(struct db *db, const char *phone, int64_t now);
/* Count a wrong PIN; returns failures so far (the lock is set at max). */
int	db_lock_fail(struct db *db, const char *phone, int max, int64_t until);
int	db_lock_clear(struct db *db, const char *phone);
/* Queued broadcast, poll and survey SMS to phone are cancelled. */
int	db_outbox_cancel_bulk(struct db *db, const char *phone);

/* --- polls (db_polls.c) --- */

struct poll {
	char	*code;
	char	*question;
	char	*options;	/* JSON array of strings */
	char	*grp;		/* NULL: everyone */
	char	*status;	/* open | closed */
	int	 public_results;
	int64_t	 closes_at;	/* 0: no end */
};
void	poll_clear(struct poll *p);
/* 0 added, 1 when the code is taken. */
int	db_poll_add(struct db *db, const struct poll *p, int64_t now);
int	db_poll_get(struct db *db, const char *code, struct poll *out);
int	db_poll_close(struct db *db, const char *code, int64_t now);
/* Record or replace a vote; *previous is the earlier option or 0. */
int	db_vote_put(struct db *db, const char *code, const char *phone,
	    int option, int64_t now, int *previous);
int	db_poll_audience_add(struct db *db, const char *code,
	    const char *phone, int64_t now);
/* The one open poll sent to phone: 0 and its code, 1 for none or many. */
int	db_poll_single_for(struct db *db, const char *phone, int64_t now,
	    char *code, size_t codesz);
/* Open polls' codes (at most limit), comma-separated, into out. */
int	db_poll_codes(struct db *db, int64_t now, int limit, char *out,
	    size_t outsz);
/* Each registered resident who has not opted out (of grp, if given). */
int	db_audience(struct db *db, const char *grp,
	    int (*fn)(void *arg, const char *phone), void *arg);
/* A small key-value store for the gateway's own settings. */
int	db_meta_get(struct db *db, const char *key, char *out, size_t outsz);
int	db_meta_put(struct db *db, const char *key, const char *value);

/* --- the clock's note (db_clock.c; lib/clock.h says why) --- */

/*
 * Set the process's clock from the note: one read a call, and a look at
 * the system's clock every CLOCK_LOOK_MS. With district (the daemon
 * only), a good sync round since the last call is a reading too.
 */
int	db_clock_watch(struct db *db, struct clock_watch *w, int district);
/* A reading t of the true time from src: what it did (enum clock_take),
 * the clock following it, or -1. */
int	db_clock_reading(struct db *db, enum clock_source src, int64_t t);

/* --- broadcasts (db_broadcasts.c) --- */

int	db_bc_add(struct db *db, const char *text, const char *grp,
	    const char *by, const char *code, int recipients, int parts,
	    int64_t now, int64_t *id);
/* The pending broadcast of `by` with code newer than since: 0, 1 none. */
int	db_bc_pending(struct db *db, const char *by, const char *code,
	    int64_t since, int64_t *id, char **text, char **grp);
int	db_bc_queued(struct db *db, int64_t id, int recipients, int64_t now);
/*
 * A queued broadcast with nothing left to send: 0 and its numbers, or 1
 * when none is finished. Marks it done.
 */
int	db_bc_finish_one(struct db *db, int64_t now, int64_t *id, char **by,
	    int *sent, int *failed, int *cancelled);

/* --- surveys (db_surveys.c) --- */

/* 0 added, 1 when the code is taken. */
int	db_survey_add(struct db *db, const char *code, const char *title,
	    const char *questions, int64_t now);
/* 0 with title and questions (caller frees), 1 when there is none. */
int	db_survey_get(struct db *db, const char *code, char **title,
	    char **questions);
int	db_survey_codes(struct db *db, char *out, size_t outsz);
/* The phone's survey in progress: 0 and its state, 1 when none. */
int	db_session_get(struct db *db, const char *phone, char **code,
	    int *step, char **answers, int64_t *updated_at);
int	db_session_put(struct db *db, const char *phone, const char *code,
	    int step, const char *answers, int64_t now);
int	db_session_end(struct db *db, const char *phone);
int	db_response_add(struct db *db, const char *code, const char *phone,
	    const char *answers, int64_t now);

/* --- the office: letters, queues, feedback (db_office.c) --- */

int	db_ticket_extra(struct db *db, const char *number, const char *letter,
	    const char *nik);
int	db_ticket_category(struct db *db, const char *number,
	    const char *category, int64_t now);
/* The letter type of a ticket into out ("" if none). */
int	db_ticket_letter(struct db *db, const char *number, char *out,
	    size_t outsz);

struct queue_entry {
	int64_t	 id;
	int	 number;
	int	 position;
	char	 phone[24];
	char	 ticket[8];
	char	 status[12];
	int	 rejoined;
	char	 counter[24];
};
/* phone's entry today at counter: 0, or 1 when it has none. */
int	db_queue_mine(struct db *db, const char *day, const char *counter,
	    const char *phone, struct queue_entry *out);
int	db_queue_add(struct db *db, const char *day, const char *counter,
	    const char *phone, const char *ticket, int64_t now, int *number);
/* Waiting entries before position (or all when position is 0). */
int	db_queue_ahead(struct db *db, const char *day, const char *counter,
	    int position);
/* The waiting entry at offset places from the front: 0, 1 none. */
int	db_queue_peek(struct db *db, const char *day, const char *counter,
	    int offset, struct queue_entry *out);
int	db_queue_call(struct db *db, int64_t id, int64_t now);
/* The last one called today at counter: 0, 1 none. */
int	db_queue_last_called(struct db *db, const char *day,
	    const char *counter, struct queue_entry *out);
/* Skip: back to the end once (rejoin), or skipped for good. */
int	db_queue_skip(struct db *db, const struct queue_entry *e, int rejoin);
int	db_queue_warned(struct db *db, int64_t id);
/* Average seconds between calls today (0 when not known yet). */
int	db_queue_rate(struct db *db, const char *day, const char *counter);
int	db_queue_by_ticket(struct db *db, const char *ticket,
	    struct queue_entry *out);

int	db_feedback_ask(struct db *db, const char *ticket, const char *phone,
	    const char *kind, const char *category, int64_t now);
/* The phone's most recent unanswered ask since `since`: 0, or 1 none. */
int	db_feedback_open(struct db *db, const char *phone, int64_t since,
	    char *ticket, char *kind, char *category);
int	db_feedback_mark(struct db *db, const char *ticket, int mark,
	    int64_t now);

/* --- MENU over SMS (db_surveys.c) --- */

/* The phone's menu inputs since `since`: 0 (caller frees), 1 none. */
int	db_menu_get(struct db *db, const char *phone, int64_t since,
	    char **inputs);
int	db_menu_put(struct db *db, const char *phone, const char *inputs,
	    int64_t now);
int	db_menu_end(struct db *db, const char *phone);

/* --- journal, budget, modem status (db_journal.c) --- */

/* Append a business record; data is a JSON object text. */
int	db_journal_add(struct db *db, const char *type, int64_t at,
	    const char *data);
/* Parts sent today (local day of now). */
int	db_budget_used(struct db *db, int64_t now);
/* Parts sent today plus parts waiting in the queue. */
int	db_budget_committed(struct db *db, int64_t now);
int	db_modem_status(struct db *db, const char *name, const char *state,
	    const char *last_error, int64_t now);
int	db_modem_signal(struct db *db, const char *name, int percent);

/* --- many modems: health, routing, reports, balance (db_modems.c) --- */

int	db_modem_health(struct db *db, const char *name,
	    const char *registration, const char *oper, int signal);
/* The SIM's operator prefixes, a JSON array, for on-net routing. */
int	db_modem_prefixes(struct db *db, const char *name, const char *json);
/*
 * Count a send's outcome: ok clears the run of failures; the rest_after-th
 * failure in a row rests the modem until rest_until. Returns the run.
 */
int	db_modem_send_result(struct db *db, const char *name, int ok,
	    int rest_after, int64_t rest_until);
/* When the modem's rest ends, or 0 when it is not resting. */
int64_t	db_modem_resting(struct db *db, const char *name, int64_t now);
/* Modems up and not resting, other than name. */
int	db_modems_usable_besides(struct db *db, const char *name, int64_t now);
/* SMS parts the modem sent since `since`. */
int	db_modem_sent_since(struct db *db, const char *name, int64_t since);
/*
 * A status report for the modem's message reference: 0 with the outbox
 * id (and *again when a failure put it back in the queue for another
 * modem), 1 when no message waits for that report.
 */
int	db_delivery_report(struct db *db, const char *modem, int reference,
	    const char *recipient, int delivered, int max_tries, int64_t now,
	    int64_t *id, int *again);
/*
 * Messages sent before `before` with no report yet go again, through
 * another modem, where their modem's network returns reports at all;
 * elsewhere their delivery becomes 'unknown'. Returns how many changed.
 */
int	db_delivery_overdue(struct db *db, int64_t before, int max_tries,
	    int64_t now);
/* A checked balance; who asked (or ""), and whether to warn now. */
int	db_balance_set(struct db *db, const char *name, long amount,
	    int64_t now, long warn, char *asked_by, size_t askedsz,
	    int *warn_now);
int	db_balance_ask(struct db *db, const char *name, const char *phone);
/* 1 when someone asked for this modem's balance. */
int	db_balance_asked(struct db *db, const char *name);
/* A missed call: 0 when it is taken, 1 when the number called already
 * since `since`. Recorded either way. */
int	db_call_take(struct db *db, const char *modem, const char *phone,
	    int64_t now, int64_t since);

/* --- the district link (db_sync.c) --- */

/* A journal record on its way to the district. */
struct journal_rec {
	int64_t	 seq;
	char	*type;
	int64_t	 at;
	char	*data;		/* a JSON object, as text */
	char	 store[17];	/* the database's identity then; "" before
				 * there was one (plain ids) */
};
/* The oldest records not yet accepted, at most max, into a new array
 * (*out, free with journal_recs_free): the count, or -1. */
int	db_sync_pending(struct db *db, int max, struct journal_rec **out);
void	journal_recs_free(struct journal_rec *r, int n);
/* Records waiting (synced_at IS NULL): the count, or -1. */
int	db_sync_backlog(struct db *db);
/* Cheap enough to ask every second: 1 when records wait (0 when none,
 * -1 on error), and the newest record's seq in *last_seq. */
int	db_sync_watch(struct db *db, int64_t *last_seq);
/* The district accepted seq; call inside a transaction. */
int	db_sync_done(struct db *db, int64_t seq, int64_t now);
/* The district refuses seq as malformed: set it aside with why. */
int	db_sync_reject(struct db *db, int64_t seq, int status,
	    const char *reason, int64_t now);
/* Put the set-aside records back in the queue: how many, or -1. */
/*
 * The district holds these records' ids with other content (this
 * database shares its identity with another copy, a restored backup):
 * a new identity starts, and each record goes again under a new id. In
 * one transaction; 0 or -1.
 */
int	db_sync_renumber(struct db *db, const int64_t *seqs, int n);
int	db_sync_retry_rejected(struct db *db);

/* --- backups and restores (db_backup.c) --- */

/*
 * A consistent copy of the whole database into dest (mode 0600), while
 * others write: written as "dest.part", flushed, then renamed. 0, or -1
 * with why in err.
 */
int	db_backup(struct db *db, const char *dest, char *err, size_t errsz);
/*
 * Put the kabar database in file at `database`: checked (a kabar
 * database, a schema this binary knows), migrated, given a new identity;
 * the old one is kept as "database.before-restore" (refused when that
 * is there already). The caller holds the daemon's lock. 0 and the
 * copy's schema version before migrating, or -1 with why in err.
 */
int	db_restore(const char *file, const char *database, int *version,
	    char *err, size_t errsz);
/* From the next record on, ids carry a new identity of this database. */
int	db_store_id_new(struct db *db);

/* --- residents' data rights and retention (db_privacy.c) --- */

/*
 * Everything kept about phone (E.164), table by table: fn gets each row
 * with its section's name; is_int[i] says vals[i] is an integer. hash
 * is the number's keyed hash (svc_phone_hash): rows erased earlier are
 * kept under it. 0 or -1.
 */
typedef int (*db_person_fn)(void *arg, const char *section, int ncol,
    const char *const *names, const char *const *vals, const int *is_int);
int	db_person_show(struct db *db, const char *phone, const char *hash,
	    db_person_fn fn, void *arg);
/* The numbers of phone's tickets, each to fn. */
int	db_person_tickets(struct db *db, const char *phone,
	    int (*fn)(void *arg, const char *number), void *arg);
/* 1 when a record the district accepted carries phone in plain (sent
 * before the district was kept from numbers), 0 if none, -1. */
int	db_person_sent_plain(struct db *db, const char *phone);
/*
 * Names, texts, NIK and the number itself gone from every table; what is
 * counted stays under "h:HASH". Inside the caller's transaction; the
 * rows changed, or -1.
 */
int	db_person_erase(struct db *db, const char *phone, const char *hash);
/*
 * Message texts from before messages_before, closed tickets' texts from
 * before complaints_before, audit rows from before audit_before (each 0:
 * none) go. Inside the caller's transaction; the rows changed, or -1.
 */
int	db_retention(struct db *db, int64_t messages_before,
	    int64_t complaints_before, int64_t audit_before);

/*
 * Run a read-only query for the operator's tool and hand each row to fn
 * (column values as text, NULL for NULL). Only queries named in
 * db_report.c are reachable, so no SQL text comes from outside.
 */
enum db_report {
	REP_INBOX, REP_OUTBOX, REP_RESIDENTS, REP_MODEMS, REP_COUNTS,
	REP_COMPLAINTS, REP_POLLS, REP_POLL_TALLY, REP_POLL_GROUPS,
	REP_SURVEY_RESPONSES, REP_QUEUE, REP_SATISFACTION, REP_BACKLOG,
	REP_SYNC_REJECTED, REP_LETTERS, REP_SURVEYS, REP_AUDIT
};
typedef int (*db_row_fn)(void *arg, int ncol, const char *const *names,
    const char *const *vals);
int	db_report(struct db *db, enum db_report which, int limit,
	    db_row_fn fn, void *arg);
/* The same with one text filter (NULL: every row) bound as ?2. */
int	db_report_filtered(struct db *db, enum db_report which,
	    const char *filter, int limit, db_row_fn fn, void *arg);
/* The same with words bound as ?3, ?4... (NULL-terminated): labels in
 * the caller's language. */
int	db_report_words(struct db *db, enum db_report which,
	    const char *filter, const char *const *words, int limit,
	    db_row_fn fn, void *arg);
/* Residents: change a name or group (NULL: keep), remove one. 0, 1 when
 * there is no such resident, -1. */
int	db_resident_set(struct db *db, const char *phone, const char *name,
	    const char *grp, int64_t now);
int	db_resident_remove(struct db *db, const char *phone);
/* Lift every lock-out of phone: 0 when one was lifted, 1 none, -1. */
int	db_lock_lift(struct db *db, const char *phone);

/* --- the village console (db_console.c) --- */

struct console_session {
	char	 phone[24];
	char	 csrf[65];
	int64_t	 created_at;
	int64_t	 seen_at;
};
int	db_console_session_add(struct db *db, const char *id_hash,
	    const char *phone, const char *csrf, int64_t now);
/* 0 and *out, or 1 when there is no session under that hash. */
int	db_console_session_get(struct db *db, const char *id_hash,
	    struct console_session *out);
int	db_console_session_touch(struct db *db, const char *id_hash,
	    int64_t now);
int	db_console_session_end(struct db *db, const char *id_hash);
/* Forget sessions idle since idle_before or made before made_before. */
int	db_console_session_prune(struct db *db, int64_t idle_before,
	    int64_t made_before);
/* Seconds the number stays locked out of the console (0 when not). */
int64_t	db_console_lock_remaining(struct db *db, const char *phone,
	    int64_t now);
/* Count a wrong password; at max the number is locked until `until`
 * and the count starts again. Returns the failures so far, or -1. */
int	db_console_lock_fail(struct db *db, const char *phone, int max,
	    int64_t until);
int	db_console_lock_clear(struct db *db, const char *phone);

/*
 * The console's listings. Each query is fixed in db_console.c and takes
 * the parameters of struct con_query it names (a NULL text or a 0 time
 * is "any"); rows come as text, like db_report.
 */
enum con_list {
	CL_COMPLAINTS, CL_COMPLAINTS_COUNT, CL_COMPLAINT, CL_HISTORY,
	CL_LETTERS, CL_LETTERS_COUNT, CL_LETTER,
	CL_RESIDENTS, CL_RESIDENTS_COUNT,
	CL_BROADCASTS, CL_QUEUE_COUNTERS, CL_SUMMARY_COMPLAINTS,
	CL_SUMMARY_LETTERS, CL_SURVEYS, CL_SURVEY_ANSWERS,
	CL_COUNT
};
struct con_query {
	const char	*status;
	const char	*category;
	const char	*type;		/* letter code */
	const char	*q;		/* words in the text or name */
	const char	*grp;
	const char	*code;		/* a ticket, poll or survey code */
	const char	*day;		/* local "YYYY-MM-DD" */
	int64_t		 from, to;	/* [from, to) unix seconds; 0: any */
	int64_t		 id;		/* a broadcast; 0: any */
	int		 limit;		/* -1: no limit */
	int		 offset;
};
int	db_console_list(struct db *db, enum con_list which,
	    const struct con_query *q, db_row_fn fn, void *arg);
/* The single integer of a counting listing, or -1. */
int	db_console_count(struct db *db, enum con_list which,
	    const struct con_query *q);

#endif
