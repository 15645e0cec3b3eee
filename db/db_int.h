/*
 * Inside the db layer only: the connection struct and the statement
 * cache. Each statement has a slot; its SQL sits next to the function
 * that uses it and is prepared on first use, then reused.
 */
#ifndef KABAR_DB_INT_H
#define KABAR_DB_INT_H

#include <sqlite3.h>
#include <sys/types.h>

#include "db.h"

enum stmt_id {
	ST_INBOX_FP, ST_INBOX_INSERT, ST_INBOX_NEXT, ST_INBOX_MARK,
	ST_INBOX_GET,
	ST_PART_INSERT, ST_PART_COUNT, ST_PART_LIST, ST_PART_LINK,
	ST_PART_STALE, ST_PART_PRUNE,
	ST_OUT_INSERT, ST_OUT_CLAIM, ST_OUT_SENT, ST_OUT_FAILED,
	ST_OUT_RELEASE, ST_OUT_RECOVER, ST_OUT_COUNT_TO,
	ST_RES_GET, ST_RES_PUT, ST_RES_OPTOUT, ST_RES_SET, ST_RES_DEL,
	ST_LOCK_LIFT, ST_LOCK_LIFT_CONSOLE,
	ST_JOURNAL_ADD, ST_BUDGET_GET, ST_BUDGET_ADD, ST_BUDGET_QUEUED, ST_MODEM_STATUS,
	ST_TICKET_INSERT, ST_TICKET_GET, ST_TICKET_SET, ST_TICKET_HIST,
	ST_AUDIT_ADD, ST_LOCK_GET, ST_LOCK_FAIL, ST_LOCK_CLEAR,
	ST_OUT_CANCEL_BULK,
	ST_POLL_ADD, ST_POLL_GET, ST_POLL_CLOSE, ST_VOTE_GET, ST_VOTE_PUT,
	ST_AUD_ADD, ST_POLL_SINGLE, ST_POLL_CODES, ST_AUDIENCE, ST_META_GET,
	ST_META_PUT, ST_BC_ADD, ST_BC_PENDING, ST_BC_QUEUED, ST_BC_OPEN,
	ST_BC_COUNTS, ST_BC_DONE, ST_SV_ADD, ST_SV_GET, ST_SV_CODES,
	ST_SS_GET, ST_SS_PUT, ST_SS_DEL, ST_SR_ADD,
	ST_TICKET_EXTRA, ST_TICKET_CAT, ST_Q_MINE, ST_Q_ADD, ST_Q_AHEAD,
	ST_Q_NEXT, ST_Q_CALL, ST_Q_LAST, ST_Q_SKIP, ST_Q_WARN, ST_Q_RATE,
	ST_Q_BYTICKET, ST_FB_ASK, ST_FB_OPEN, ST_FB_MARK, ST_MENU_GET,
	ST_MENU_PUT, ST_MENU_DEL, ST_MODEM_SIGNAL,
	ST_SYNC_PENDING, ST_SYNC_BACKLOG, ST_SYNC_DONE, ST_SYNC_REJECT,
	ST_SYNC_ASIDE, ST_SYNC_WATCH, ST_SYNC_COPY, ST_SYNC_DROP, ST_INBOX_RAW,
	ST_MUTE_GET, ST_MUTE_DAY, ST_MUTE_PUT, ST_CAP_ADD, ST_CAP_COUNT, ST_CAP_PRUNE,
	ST_MODEM_HEALTH, ST_MODEM_PREFIXES, ST_MODEM_FAILS,
	ST_MODEM_FAILS_CLEAR, ST_MODEM_RESTING, ST_MODEM_OTHERS,
	ST_MODEM_SENT_SINCE, ST_DELIVERY_REPORT, ST_DELIVERY_OVERDUE,
	ST_BALANCE_GET, ST_BALANCE_SET, ST_BALANCE_ASK, ST_BALANCE_ASKED,
	ST_CALL_RECENT, ST_CALL_ADD,
	ST_STORE_ID_NEW, ST_PRIVACY_TICKETS, ST_PRIVACY_SENT,
	/* db_privacy.c: one slot a query of each of its tables */
	ST_PRIVACY_SHOW, ST_PRIVACY_SHOW_END = ST_PRIVACY_SHOW + 31,
	ST_PRIVACY_ERASE, ST_PRIVACY_ERASE_END = ST_PRIVACY_ERASE + 47,
	ST_PRIVACY_RETENTION,
	ST_PRIVACY_RETENTION_END = ST_PRIVACY_RETENTION + 15,
	ST_SP_SET, ST_SP_KEEP, ST_SP_UNDO,
	ST_CON_SESS_ADD, ST_CON_SESS_GET, ST_CON_SESS_TOUCH, ST_CON_SESS_END,
	ST_CON_SESS_PRUNE, ST_CON_LOCK_GET, ST_CON_LOCK_FAIL, ST_CON_LOCK_SET,
	ST_CON_LIST,			/* CON_LIST_MAX slots, one a listing */
	ST_CON_LIST_LAST = ST_CON_LIST + 23,
	ST_BEGIN, ST_COMMIT, ST_ROLLBACK,
	ST_COUNT
};

struct db {
	sqlite3		*h;
	char		*path;
	sqlite3_stmt	*st[ST_COUNT];
	dev_t		 dev;		/* the file opened, to know it is */
	ino_t		 ino;		/* still the one at path */
	int64_t		 gone_told;	/* when its loss was last logged */
	int64_t		 full_since;	/* the disk was full; 0 if not */
	int64_t		 full_told;	/* when that was last logged */
};

/* The cached statement for id, reset and unbound; NULL on error. */
sqlite3_stmt *db_stmt(struct db *db, enum stmt_id id, const char *sql);
/* Log a failed call with the statement's SQL; returns -1. */
int	db_fail(struct db *db, const char *what);
/* Copy column i as a new string, or NULL for SQL NULL. */
char	*db_col_dup(sqlite3_stmt *st, int i);
/* Step a statement that returns one integer; the value or -1. */
int	db_step_int(struct db *db, sqlite3_stmt *st, const char *what);
/* Step a statement that returns no rows; 0 or -1. */
int	db_exec_stmt(struct db *db, sqlite3_stmt *st, const char *what);

#endif
