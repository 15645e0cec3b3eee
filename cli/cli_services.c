/*
 * kabar pin-hash, password-hash, complaints, complaint set.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "broadcast.h"
#include "cli.h"
#include "queue.h"
#include "tickets.h"
#include "office.h"
#include "password.h"
#include "pin.h"
#include "ticket.h"
#include "util.h"

int
cmd_pin_hash(struct cli *c, int argc, char **argv)
{
	char line[64], out[PIN_HASH_MAX];
	const char *pin;
	size_t i, n;

	(void)c;
	if (argc == 2)
		pin = argv[1];
	else if (argc == 1) {
		fprintf(stderr, "PIN (4 to 8 digits): ");
		if (fgets(line, sizeof(line), stdin) == NULL)
			return 2;
		line[strcspn(line, "\r\n")] = '\0';
		pin = line;
	} else {
		fprintf(stderr, "usage: kabar pin-hash [PIN]\n");
		return 2;
	}
	n = strlen(pin);
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)pin[i]))
			break;
	if (i != n || n < 4 || n > 8) {
		fprintf(stderr, "kabar: a PIN is 4 to 8 digits\n");
		return 2;
	}
	if (pin_hash(pin, out, sizeof(out)) != 0) {
		fprintf(stderr, "kabar: cannot hash the PIN\n");
		return 1;
	}
	printf("%s\n", out);
	return 0;
}

/*
 * kabar password-hash: the password from standard input (one line, so
 * that it never shows in `ps` or the shell's history), typed or piped.
 */
int
cmd_password_hash(struct cli *c, int argc, char **argv)
{
	char line[PASSWORD_MAX_BYTES + 2], out[PASSWORD_HASH_MAX], *got;
	struct termios saved, quiet;
	int rc, tty;

	(void)c;
	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: kabar password-hash < FILE (the "
		    "password on standard input)\n");
		return 2;
	}
	tty = isatty(0) && tcgetattr(0, &saved) == 0;
	if (tty) {
		/* Typed at a terminal: not shown on the screen. */
		quiet = saved;
		quiet.c_lflag &= (tcflag_t)~ECHO;
		tcsetattr(0, TCSAFLUSH, &quiet);
		fprintf(stderr, "Password (at least %d characters): ",
		    PASSWORD_MIN_CHARS);
	}
	got = fgets(line, sizeof(line), stdin);
	if (tty) {
		tcsetattr(0, TCSAFLUSH, &saved);
		fputc('\n', stderr);
	}
	if (got == NULL) {
		fprintf(stderr, "kabar: no password on standard input\n");
		return 2;
	}
	line[strcspn(line, "\r\n")] = '\0';
	if (strlen(line) > PASSWORD_MAX_BYTES) {
		fprintf(stderr, "kabar: a password is at most %d bytes\n",
		    PASSWORD_MAX_BYTES);
		return 2;
	}
	rc = password_hash(line, out, sizeof(out));
	memset(line, 0, sizeof(line));
	if (rc == PASSWORD_TOO_SHORT) {
		fprintf(stderr, "kabar: a password has at least %d "
		    "characters\n", PASSWORD_MIN_CHARS);
		return 2;
	}
	if (rc != 0) {
		fprintf(stderr, "kabar: cannot hash the password\n");
		return 1;
	}
	printf("%s\n", out);
	return 0;
}

int
cmd_complaints(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cols[] = { "ticket", "created_at", "status",
	    "updated_at", "category", "phone", "text", NULL };
	struct listing l = { 0, 0, cols };
	const char *status = NULL;
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			status = optarg;
			break;
		case 'j':
			l.json = 1;
			break;
		default:
			return 2;
		}
	}
	if (optind != argc)
		return 2;
	return db_report_filtered(c->db, REP_COMPLAINTS, status, -1,
	    cli_print_row, &l) == 0 ? 0 : 1;
}

int
cmd_complaint(struct cli *c, int argc, char **argv)
{
	const char *const *st;
	struct svc ctx = { 0 };
	struct ticket t = { 0 };
	int rc;

	if (argc < 4 || argc > 5 || strcmp(argv[1], "set") != 0) {
		fprintf(stderr, "usage: kabar -c FILE complaint set TICKET "
		    "STATUS [NOTE]\n");
		return 2;
	}
	if (!ticket_valid(argv[2])) {
		fprintf(stderr, "kabar: '%s' is not a valid ticket number\n",
		    argv[2]);
		return 2;
	}
	rc = db_ticket_get(c->db, argv[2], &t);
	if (rc != 0) {
		if (rc == 1)
			fprintf(stderr, "kabar: no ticket %s\n", argv[2]);
		return 1;
	}
	for (st = office_statuses(t.kind); st != NULL && *st != NULL; st++)
		if (strcmp(argv[3], *st) == 0)
			break;
	ticket_clear(&t);
	if (st == NULL || *st == NULL) {
		fprintf(stderr, "kabar: '%s' is not a status for this ticket "
		    "(complaints: baru, diproses, selesai, ditolak; letters: "
		    "diterima, diproses, siap, selesai, ditolak)\n", argv[3]);
		return 2;
	}
	ctx.db = c->db;
	ctx.cfg = c->cfg;
	ctx.now = now_wall();
	ctx.phone = "operator";
	if (db_begin(c->db) != 0)
		return 1;
	rc = ticket_change(&ctx, argv[2], *st, argc == 5 ? argv[4] : NULL,
	    "operator");
	if (rc < 0 || db_commit(c->db) != 0) {
		db_rollback(c->db);
		return 1;
	}
	if (rc == 1) {
		printf("ticket %s already has status %s\n", argv[2], argv[3]);
		return 0;
	}
	printf("ticket %s is now %s; the resident will be told\n", argv[2],
	    argv[3]);
	return 0;
}

/* kabar broadcast [--group G] [--yes] TEXT */
int
cmd_broadcast(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "group", required_argument, NULL, 'g' },
		{ "yes", no_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 }
	};
	struct svc ctx = { 0 };
	char grp[33] = "", answer[16], cost[32];
	int ch, yes = 0, recipients, parts, n;
	int64_t id;
	size_t i;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'g':
			strlcpy_k(grp, optarg, sizeof(grp));
			for (i = 0; grp[i] != '\0'; i++)
				grp[i] = (char)toupper((unsigned char)grp[i]);
			break;
		case 'y':
			yes = 1;
			break;
		default:
			return 2;
		}
	}
	if (optind != argc - 1 || argv[optind][0] == '\0') {
		fprintf(stderr, "usage: kabar -c FILE broadcast [--group G] "
		    "[--yes] TEXT\n");
		return 2;
	}
	if (grp[0] && !config_group_known(c->cfg, grp)) {
		fprintf(stderr, "kabar: group %s is not in the configuration\n",
		    grp);
		return 2;
	}
	ctx.db = c->db;
	ctx.cfg = c->cfg;
	ctx.now = now_wall();
	ctx.phone = "operator";
	if (broadcast_estimate(&ctx, argv[optind], grp[0] ? grp : NULL,
	    &recipients, &parts) != 0)
		return 1;
	rupiah((long long)recipients * parts * c->cfg->price_per_sms, cost,
	    sizeof(cost));
	printf("%d residents, %d SMS each, about Rp%s.\n", recipients, parts,
	    cost);
	if (!yes) {
		printf("Send it? [y/N] ");
		fflush(stdout);
		if (fgets(answer, sizeof(answer), stdin) == NULL ||
		    (answer[0] != 'y' && answer[0] != 'Y')) {
			printf("not sent\n");
			return 0;
		}
	}
	if (db_begin(c->db) != 0)
		return 1;
	if (db_bc_add(c->db, argv[optind], grp[0] ? grp : NULL, "operator",
	    NULL, recipients, parts, ctx.now, &id) != 0 ||
	    (n = broadcast_queue(&ctx, id, argv[optind], grp[0] ? grp :
	    NULL)) < 0 || db_commit(c->db) != 0) {
		db_rollback(c->db);
		return 1;
	}
	printf("broadcast %lld queued to %d residents\n", (long long)id, n);
	return 0;
}

/* kabar queue next [COUNTER] [--skip] | list */
int
cmd_queue(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "counter", "number", "status",
	    "phone", "ticket", NULL };
	struct listing l = { 0, 0, cols };
	struct svc ctx = { 0 };
	struct reply out = { STRBUF_INIT };
	const struct counter_conf *cc = NULL;
	char day[11];
	int i, skip = 0, rc;

	ctx.db = c->db;
	ctx.cfg = c->cfg;
	ctx.now = now_wall();
	ctx.phone = "operator";
	db_day(ctx.now, day);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return db_report_filtered(c->db, REP_QUEUE, day, -1,
		    cli_print_row, &l) == 0 ? 0 : 1;
	if (argc < 2 || strcmp(argv[1], "next") != 0)
		goto usage;
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--skip") == 0)
			skip = 1;
		else if ((cc = config_counter(c->cfg, argv[i])) == NULL) {
			fprintf(stderr, "kabar: no counter '%s'\n", argv[i]);
			return 2;
		}
	}
	if (cc == NULL && c->cfg->n_counters > 0)
		cc = &c->cfg->counters[0];
	if (cc == NULL) {
		fprintf(stderr, "kabar: no counters in the configuration\n");
		return 2;
	}
	if (db_begin(c->db) != 0)
		return 1;
	rc = queue_next(&ctx, cc, skip, &out);
	if (rc != 0 || db_commit(c->db) != 0) {
		db_rollback(c->db);
		sb_free(&out.text);
		return 1;
	}
	printf("%s\n", sb_str(&out.text));
	sb_free(&out.text);
	return 0;
usage:
	fprintf(stderr, "usage: kabar -c FILE queue next [COUNTER] [--skip] | "
	    "list\n");
	return 2;
}

/* kabar report satisfaction [--month YYYY-MM] [--csv] */
int
cmd_report(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "service", "category", "count",
	    "average", "m1", "m2", "m3", "m4", "m5", NULL };
	struct listing l = { 0, 0, cols };
	const char *month = NULL;
	int i, csv = 0;

	if (argc < 2 || strcmp(argv[1], "satisfaction") != 0)
		goto usage;
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--csv") == 0)
			csv = 1;
		else if (strcmp(argv[i], "--month") == 0 && i + 1 < argc &&
		    strlen(argv[i + 1]) == 7 && argv[i + 1][4] == '-')
			month = argv[++i];
		else
			goto usage;
	}
	if (csv) {
		printf("service,category,count,average,m1,m2,m3,m4,m5\r\n");
		return db_report_filtered(c->db, REP_SATISFACTION, month, -1,
		    cli_csv_row, NULL) == 0 ? 0 : 1;
	}
	printf("service  category  count  average  1  2  3  4  5\n");
	return db_report_filtered(c->db, REP_SATISFACTION, month, -1,
	    cli_print_row, &l) == 0 ? 0 : 1;
usage:
	fprintf(stderr, "usage: kabar -c FILE report satisfaction "
	    "[--month YYYY-MM] [--csv]\n");
	return 2;
}
