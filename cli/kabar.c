/*
 * kabar: the operator's tool. It works on the same database as the
 * daemon (SQLite in WAL mode lets both in) and, for `inject`, on the dummy
 * modem's folder. It never creates the database: kabard does.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "log.h"
#include "util.h"

static const struct cli_cmd cmds[] = {
	{ "status", "modems, queues and today's budget", "status [--json]",
	    cmd_status, NEEDS_DB },
	{ "inbox", "received messages, newest last",
	    "inbox [--json] [--limit N | --all]", cmd_inbox, NEEDS_DB },
	{ "outbox", "messages to send and sent, newest last",
	    "outbox [--json] [--limit N | --all]", cmd_outbox, NEEDS_DB },
	{ "send", "queue an SMS to one phone", "send PHONE TEXT", cmd_send,
	    NEEDS_DB },
	{ "residents", "registered residents; all kept about one, erasing it",
	    "residents list [--json] | import FILE.csv | export | show PHONE | "
	    "erase PHONE", cmd_residents,
	    NEEDS_DB },
	{ "complaints", "complaints and their status",
	    "complaints [--status S] [--json]", cmd_complaints, NEEDS_DB },
	{ "complaint", "set a complaint's status; the resident is told",
	    "complaint set TICKET STATUS [NOTE]", cmd_complaint, NEEDS_DB },
	{ "poll", "polls: create from JSON, list, send, close, results",
	    "poll create FILE|- | list [--json] | send CODE | close CODE | "
	    "results CODE [--csv]", cmd_poll, NEEDS_DB },
	{ "survey", "surveys: create from JSON, invite, results as CSV",
	    "survey create FILE|- | send CODE [GROUP] | results CODE --csv",
	    cmd_survey, NEEDS_DB },
	{ "queue", "today's queue: call the next number, list",
	    "queue next [COUNTER] [--skip] | list", cmd_queue, NEEDS_DB },
	{ "report", "satisfaction marks per service and category",
	    "report satisfaction [--month YYYY-MM] [--csv]", cmd_report,
	    NEEDS_DB },
	{ "broadcast", "send a text to every registered resident (or a group)",
	    "broadcast [--group G] [--yes] TEXT", cmd_broadcast, NEEDS_DB },
	{ "sync", "district link: sync now, list or retry refused records",
	    "sync now | rejected [--json] | retry", cmd_sync, NEEDS_DB },
	{ "backup", "a consistent copy of the database, also while kabard runs",
	    "backup COPY", cmd_backup, NEEDS_DB },
	{ "restore", "replace the database with a copy (kabard stopped)",
	    "restore COPY", cmd_restore, NEEDS_CONFIG },
	{ "pin-hash", "print a pin_hash for an admin's PIN",
	    "pin-hash [PIN]", cmd_pin_hash, NEEDS_NOTHING },
	{ "password-hash", "print a password_hash for the console (password "
	    "on stdin)", "password-hash < FILE", cmd_password_hash,
	    NEEDS_NOTHING },
	{ "inject", "dummy modems only: put a received SMS into the phone",
	    "inject --from NUMBER [--modem NAME] [--ucs2] [--part K --ref N] "
	    "TEXT", cmd_inject, NEEDS_CONFIG },
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: kabar -c FILE COMMAND [ARGS...]\n\ncommands:\n");
	for (i = 0; i < ARRAY_LEN(cmds); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "  %-10s %s\n", "help", "this list");
	fprintf(f, "\n`kabar -c FILE COMMAND --help` tells more about one.\n");
}

int
cli_wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0)
			return 1;
	return 0;
}

/*
 * Only kabard creates the database. One made here would be a second,
 * empty one wherever the configuration points by mistake, and the
 * operator would be told the gateway has nothing in it.
 */
static int
db_exists(const struct gw_config *cfg, const char *path)
{
	struct stat st;

	if (stat(cfg->database, &st) == 0 || errno != ENOENT)
		return 1;
	fprintf(stderr, "kabar: there is no database at '%s' (gateway.database "
	    "in %s); kabard creates it when it first starts\n", cfg->database,
	    path);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *path = NULL;
	const struct cli_cmd *cmd = NULL;
	struct clock_watch clock = { 0 };
	struct gw_config *cfg;
	struct cli c = { 0 };
	char err[1024];
	size_t i;
	int rc;

	log_init("kabar", 0, LOG_LVL_WARN);
	if (argc >= 3 && strcmp(argv[1], "-c") == 0) {
		path = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc < 2 || strcmp(argv[1], "help") == 0 ||
	    strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (i = 0; i < ARRAY_LEN(cmds); i++)
		if (strcmp(cmds[i].name, argv[1]) == 0)
			cmd = &cmds[i];
	if (cmd == NULL) {
		fprintf(stderr, "kabar: unknown command '%s'\n", argv[1]);
		usage(stderr);
		return 2;
	}
	argc--;
	argv++;
	if (cli_wants_help(argc, argv)) {
		printf("usage: kabar -c FILE %s\n%s.\n", cmd->usage,
		    cmd->summary);
		return 0;
	}
	if (cmd->needs == NEEDS_NOTHING) {
		optind = 1;
		return cmd->fn(&c, argc, argv);
	}
	if (path == NULL) {
		fprintf(stderr, "kabar: -c FILE is needed before the command\n");
		return 2;
	}
	cfg = config_load(path, err, sizeof(err));
	if (cfg == NULL) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	setenv("TZ", cfg->timezone, 1);
	tzset();
	c.cfg = cfg;
	c.cfg_path = path;
	if (cmd->needs == NEEDS_DB) {
		if (!db_exists(cfg, path)) {
			config_free(cfg);
			return 1;
		}
		c.db = db_open(cfg->database, err, sizeof(err));
		if (c.db == NULL) {
			fprintf(stderr, "kabar: %s\n", err);
			config_free(cfg);
			return 1;
		}
		/* Date what it writes by the time kabard learnt. */
		db_clock_watch(c.db, &clock, 0);
	}
	optind = 1;
	rc = cmd->fn(&c, argc, argv);
	db_close(c.db);
	config_free(cfg);
	return rc;
}
