/*
 * Surveys, the one survey in progress per phone, and completed responses.
 */
#include "db_int.h"

#include <stdlib.h>

#include "util.h"

int
db_survey_add(struct db *db, const char *code, const char *title,
    const char *questions, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_SV_ADD, "INSERT OR IGNORE INTO "
	    "surveys (code, title, questions, created_at) VALUES (?,?,?,?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, title, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, questions, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, now);
	if (db_exec_stmt(db, st, "adding a survey") != 0)
		return -1;
	return sqlite3_changes(db->h) > 0 ? 0 : 1;
}

int
db_survey_get(struct db *db, const char *code, char **title,
    char **questions)
{
	sqlite3_stmt *st = db_stmt(db, ST_SV_GET,
	    "SELECT title, questions FROM surveys WHERE code = ?");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*title = db_col_dup(st, 0);
		*questions = db_col_dup(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, "reading a survey");
}

int
db_survey_codes(struct db *db, char *out, size_t outsz)
{
	sqlite3_stmt *st = db_stmt(db, ST_SV_CODES, "SELECT COALESCE("
	    "GROUP_CONCAT(code, ', '), '-') FROM (SELECT code FROM surveys "
	    "ORDER BY created_at DESC LIMIT 8)");
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		strlcpy_k(out, (const char *)sqlite3_column_text(st, 0), outsz);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, "listing surveys");
}

int
db_session_get(struct db *db, const char *phone, char **code, int *step,
    char **answers, int64_t *updated_at)
{
	sqlite3_stmt *st = db_stmt(db, ST_SS_GET, "SELECT code, step, answers, "
	    "updated_at FROM survey_sessions WHERE phone = ?");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*code = db_col_dup(st, 0);
		*step = sqlite3_column_int(st, 1);
		*answers = db_col_dup(st, 2);
		*updated_at = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, "reading a survey session");
}

int
db_session_put(struct db *db, const char *phone, const char *code, int step,
    const char *answers, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_SS_PUT, "INSERT INTO survey_sessions "
	    "(phone, code, step, answers, updated_at) VALUES (?1,?2,?3,?4,?5) "
	    "ON CONFLICT (phone) DO UPDATE SET code = ?2, step = ?3, "
	    "answers = ?4, updated_at = ?5");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, step);
	sqlite3_bind_text(st, 4, answers, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, now);
	return db_exec_stmt(db, st, "saving a survey session");
}

int
db_session_end(struct db *db, const char *phone)
{
	sqlite3_stmt *st = db_stmt(db, ST_SS_DEL,
	    "DELETE FROM survey_sessions WHERE phone = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, "ending a survey session");
}

int
db_response_add(struct db *db, const char *code, const char *phone,
    const char *answers, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_SR_ADD, "INSERT INTO survey_responses "
	    "(code, phone, answers, at) VALUES (?,?,?,?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, answers, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, now);
	return db_exec_stmt(db, st, "recording a survey response");
}

int
db_menu_get(struct db *db, const char *phone, int64_t since, char **inputs)
{
	sqlite3_stmt *st = db_stmt(db, ST_MENU_GET, "SELECT inputs FROM "
	    "menu_sessions WHERE phone = ? AND updated_at >= ?");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, since);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*inputs = db_col_dup(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, "reading a menu session");
}

int
db_menu_put(struct db *db, const char *phone, const char *inputs,
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_MENU_PUT, "INSERT INTO menu_sessions "
	    "(phone, inputs, updated_at) VALUES (?1, ?2, ?3) ON CONFLICT "
	    "(phone) DO UPDATE SET inputs = ?2, updated_at = ?3");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, inputs, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, now);
	return db_exec_stmt(db, st, "saving a menu session");
}

int
db_menu_end(struct db *db, const char *phone)
{
	sqlite3_stmt *st = db_stmt(db, ST_MENU_DEL,
	    "DELETE FROM menu_sessions WHERE phone = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, "ending a menu session");
}
