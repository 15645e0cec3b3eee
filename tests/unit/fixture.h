/*
 * A fresh database and configuration in a temporary folder for the unit
 * tests that need one, and small helpers to feed the pipeline a message
 * and read what it queued.
 */
#ifndef KABAR_FIXTURE_H
#define KABAR_FIXTURE_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "phone.h"
#include "log.h"
#include "pipeline.h"

struct fixture {
	char		 dir[64];
	char		 dbpath[128];
	struct gw_config *cfg;
	struct db	*db;
	sqlite3		*peek;		/* a second connection to look */
	int64_t		 now;
};

static const char *fixture_conf =
    "gateway : { id = \"t\"; database = \"%s\"; language = \"%s\"; };\n"
    "limits : { replies_per_sender_per_hour = %d; };\n"
    "modems = ( { name = \"m1\"; device = \"%s/m\"; connection = \"none\";"
    " model = \"dummy\"; } );\n"
    "admins = ( { phone = \"+6281200000001\"; name = \"Kades\";"
    " pin = \"4321\"; role = \"head\"; } );\n"
    "groups = ( \"RT01\", \"RT02\" );\n%s";

static int
fixture_open(struct fixture *fx, const char *lang, int cap, const char *extra)
{
	char path[160], err[512];
	FILE *f;

	memset(fx, 0, sizeof(*fx));
	log_init("test", 0, LOG_LVL_WARN);
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/kabar-unit-XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(fx->dbpath, sizeof(fx->dbpath), "%s/k.db", fx->dir);
	snprintf(path, sizeof(path), "%s/k.conf", fx->dir);
	f = fopen(path, "w");
	if (f == NULL)
		return -1;
	fprintf(f, fixture_conf, fx->dbpath, lang, cap, fx->dir,
	    extra ? extra : "");
	fclose(f);
	fx->cfg = config_load(path, err, sizeof(err));
	if (fx->cfg == NULL) {
		fprintf(stderr, "fixture: %s\n", err);
		return -1;
	}
	fx->db = db_open(fx->dbpath, err, sizeof(err));
	if (fx->db == NULL) {
		fprintf(stderr, "fixture: %s\n", err);
		return -1;
	}
	sqlite3_open(fx->dbpath, &fx->peek);
	fx->now = 1795000000;	/* 2026-11-19 */
	return 0;
}

static void
fixture_close(struct fixture *fx)
{
	char cmd[128];

	sqlite3_close(fx->peek);
	db_close(fx->db);
	config_free(fx->cfg);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", fx->dir);
}

/* Store one received SMS and run the pipeline on it; 0 when handled. */
static __attribute__((unused)) int
fixture_sms(struct fixture *fx, const char *from, const char *text)
{
	struct sms_in in = { 0 };
	char e164[PHONE_MAX];
	int fresh;
	int64_t id;
	static int64_t stamp;

	in.modem = "m1";
	in.sender = from;
	in.phone = phone_normalise(from, "62", e164, sizeof(e164)) ==
	    PHONE_MOBILE ? e164 : NULL;
	in.text = text;
	in.sent_at = fx->now + ++stamp;
	in.seq = in.total = 1;
	if (db_begin(fx->db) != 0 ||
	    db_inbox_receive(fx->db, &in, fx->now, &fresh) != 0 ||
	    db_commit(fx->db) != 0)
		return -1;
	return pipeline_handle_one(fx->db, fx->cfg, fx->now, &id);
}

/* First column of the first row of sql, as a static string ("" if none). */
static const char *
fixture_q(struct fixture *fx, const char *sql)
{
	static char buf[1024];
	sqlite3_stmt *st;

	buf[0] = '\0';
	if (sqlite3_prepare_v2(fx->peek, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bad test SQL: %s\n", sqlite3_errmsg(fx->peek));
		return "(bad sql)";
	}
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(buf, sizeof(buf), "%s",
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

/* The text of the newest outbox row ("" when none). */
static __attribute__((unused)) const char *
fixture_last_reply(struct fixture *fx)
{
	return fixture_q(fx, "SELECT text FROM outbox ORDER BY id DESC LIMIT 1");
}

#endif
