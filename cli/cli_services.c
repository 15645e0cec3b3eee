/*
 * kabar complaints, complaint set, letters, letter set, broadcast,
 * queue and report.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broadcast.h"
#include "cli.h"
#include "queue.h"
#include "tickets.h"
#include "office.h"
#include "ticket.h"
#include "util.h"
#include "words.h"

/*
 * A status as typed ("Diproses", "DIPROSES") in its stored spelling, or
 * NULL after saying which ones there are (and the one meant, if a typo).
 */
static const char *
status_arg(const struct cli *c, const char *kind, const char *typed)
{
	const char *const *st = office_statuses(kind);
	const char *known = ticket_status_known(kind, typed);
	struct strbuf list = STRBUF_INIT;
	char up[32], names[8][16];
	const char *nm[8];
	int n, k;

	if (known != NULL)
		return known;
	for (n = 0; st[n] != NULL && n < 8; n++) {
		sb_addf(&list, "%s%s", n ? ", " : "", st[n]);
		strlcpy_k(names[n], st[n], sizeof(names[n]));
		nm[n] = cli_upper(names[n]);
	}
	strlcpy_k(up, typed, sizeof(up));
	k = kw_lookup(cli_upper(up), nm, (size_t)n);
	fprintf(stderr, L(c, "kabar: '%s' is not a status of a %s; %s%s%s"
	    "the statuses are: %s\n", "kabar: '%s' bukan status %s; %s%s%s"
	    "statusnya: %s\n"), typed, strcmp(kind, "letter") == 0 ?
	    L(c, "letter request", "permohonan surat") : L(c, "complaint",
	    "aduan"), k >= 0 ? L(c, "did you mean '", "maksudnya '") : "",
	    k >= 0 ? st[k] : "", k >= 0 ? "'? " : "", sb_str(&list));
	sb_free(&list);
	return NULL;
}

/* kabar complaints|letters [--status S] [--json] */
static int
tickets_list(struct cli *c, int argc, char **argv, const char *kind)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const ccols[] = { "ticket", "created_at", "status",
	    "updated_at", "category", "phone", "name", "text", NULL };
	static const char *const lcols[] = { "ticket", "created_at", "status",
	    "updated_at", "letter", "phone", "name", "text", NULL };
	int letters = strcmp(kind, "letter") == 0;
	struct listing l;
	const char *status = NULL;
	int ch, rc;

	listing_init(&l, c, letters ? lcols : ccols);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			if ((status = status_arg(c, kind, optarg)) == NULL)
				return 2;
			break;
		case 'j':
			l.json = 1;
			break;
		default:
			cli_bad_option(c, argv);
			return cli_usage(c);
		}
	}
	if (optind != argc)
		return cli_unexpected(c, argv[optind]);
	rc = db_report_filtered(c->db, letters ? REP_LETTERS : REP_COMPLAINTS,
	    status, -1, cli_print_row, &l);
	listing_end(&l);
	return rc == 0 ? 0 : 1;
}

int
cmd_complaints(struct cli *c, int argc, char **argv)
{
	return tickets_list(c, argc, argv, "complaint");
}

int
cmd_letters(struct cli *c, int argc, char **argv)
{
	return tickets_list(c, argc, argv, "letter");
}

/* kabar complaint|letter set TICKET STATUS [NOTE] */
static int
ticket_set(struct cli *c, int argc, char **argv, const char *kind)
{
	const char *status;
	struct svc ctx = { 0 };
	struct ticket t = { 0 };
	int rc, letter = strcmp(kind, "letter") == 0;

	if (argc < 2 || strcmp(argv[1], "set") != 0)
		return argc < 2 ? cli_usage(c) : cli_unexpected(c, argv[1]);
	if (argc < 4 || argc > 5)
		return cli_usage(c);
	if (!ticket_valid(argv[2])) {
		fprintf(stderr, L(c, "kabar: '%s' is not a ticket number: a "
		    "ticket is 6 digits, the last a check digit (a digit "
		    "mistyped or two swapped is caught)\n", "kabar: '%s' "
		    "bukan nomor tiket: tiket 6 angka, yang terakhir angka "
		    "pemeriksa (salah ketik satu angka atau dua tertukar "
		    "ketahuan)\n"), argv[2]);
		return 2;
	}
	rc = db_ticket_get(c->db, argv[2], &t);
	if (rc != 0) {
		if (rc == 1)
			fprintf(stderr, L(c, "kabar: there is no ticket %s "
			    "(`kabar %s` lists them)\n", "kabar: tiket %s "
			    "tidak ada (`kabar %s` menampilkan daftarnya)\n"),
			    argv[2], letter ? "letters" : "complaints");
		return 1;
	}
	if (strcmp(t.kind, kind) != 0) {
		fprintf(stderr, L(c, "kabar: ticket %s is a %s, not a %s: "
		    "`kabar %s set %s ...`\n", "kabar: tiket %s adalah %s, "
		    "bukan %s: `kabar %s set %s ...`\n"), argv[2],
		    strcmp(t.kind, "letter") == 0 ? L(c, "letter request",
		    "permohonan surat") : L(c, "complaint", "aduan"),
		    letter ? L(c, "letter request", "permohonan surat") :
		    L(c, "complaint", "aduan"), strcmp(t.kind, "letter") == 0 ?
		    "letter" : "complaint", argv[2]);
		ticket_clear(&t);
		return 2;
	}
	ticket_clear(&t);
	if ((status = status_arg(c, kind, argv[3])) == NULL)
		return 2;
	ctx.db = c->db;
	ctx.cfg = c->cfg;
	ctx.now = now_wall();
	ctx.phone = "operator";
	if (db_begin(c->db) != 0)
		return 1;
	rc = ticket_change(&ctx, argv[2], status, argc == 5 ? argv[4] : NULL,
	    "operator");
	if (rc < 0 || db_commit(c->db) != 0) {
		db_rollback(c->db);
		return 1;
	}
	if (rc == 1) {
		printf(L(c, "ticket %s already has status %s\n", "tiket %s "
		    "sudah berstatus %s\n"), argv[2], status);
		return 0;
	}
	printf(L(c, "ticket %s is now %s; the resident will be told by SMS\n",
	    "tiket %s sekarang %s; warga akan diberi tahu lewat SMS\n"),
	    argv[2], status);
	return 0;
}

int
cmd_complaint(struct cli *c, int argc, char **argv)
{
	return ticket_set(c, argc, argv, "complaint");
}

int
cmd_letter(struct cli *c, int argc, char **argv)
{
	return ticket_set(c, argc, argv, "letter");
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
			cli_bad_option(c, argv);
			return cli_usage(c);
		}
	}
	if (optind != argc - 1 || argv[optind][0] == '\0')
		return cli_usage(c);
	if (grp[0] && !config_group_known(c->cfg, grp))
		return cli_bad_group(c, grp);
	ctx.db = c->db;
	ctx.cfg = c->cfg;
	ctx.now = now_wall();
	ctx.phone = "operator";
	if (broadcast_estimate(&ctx, argv[optind], grp[0] ? grp : NULL,
	    &recipients, &parts) != 0)
		return 1;
	rupiah((long long)recipients * parts * c->cfg->price_per_sms, cost,
	    sizeof(cost));
	printf(L(c, "%d residents, %d SMS each, about Rp%s.\n", "%d warga, "
	    "%d SMS masing-masing, sekitar Rp%s.\n"), recipients, parts, cost);
	if (!yes) {
		printf(L(c, "Send it? [y/N] ", "Kirim? [y/N] "));
		fflush(stdout);
		if (fgets(answer, sizeof(answer), stdin) == NULL ||
		    (answer[0] != 'y' && answer[0] != 'Y')) {
			printf(L(c, "not sent\n", "tidak dikirim\n"));
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
	printf(L(c, "broadcast %lld queued to %d residents\n", "siaran %lld "
	    "masuk antrean untuk %d warga\n"), (long long)id, n);
	return 0;
}

/* kabar queue next [COUNTER] [--skip] | list */
int
cmd_queue(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "counter", "number", "status",
	    "phone", "name", "ticket", NULL };
	struct listing l;
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
	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		listing_init(&l, c, cols);
		rc = db_report_filtered(c->db, REP_QUEUE, day, -1,
		    cli_print_row, &l);
		listing_end(&l);
		return rc == 0 ? 0 : 1;
	}
	if (argc < 2 || strcmp(argv[1], "next") != 0)
		return argc < 2 ? cli_usage(c) : cli_unexpected(c, argv[1]);
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--skip") == 0)
			skip = 1;
		else if ((cc = config_counter(c->cfg, argv[i])) == NULL) {
			size_t k;

			fprintf(stderr, L(c, "kabar: there is no counter '%s'; "
			    "the counters are:", "kabar: loket '%s' tidak ada; "
			    "loketnya:"), argv[i]);
			for (k = 0; k < c->cfg->n_counters; k++)
				fprintf(stderr, " %s", c->cfg->counters[k].code);
			fprintf(stderr, "\n");
			return 2;
		}
	}
	if (cc == NULL && c->cfg->n_counters > 0)
		cc = &c->cfg->counters[0];
	if (cc == NULL) {
		fprintf(stderr, L(c, "kabar: there are no counters in the "
		    "configuration (counters)\n", "kabar: tidak ada loket di "
		    "konfigurasi (counters)\n"));
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
}

/* kabar report satisfaction [--month YYYY-MM] [--csv] */
int
cmd_report(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "service", "category", "count",
	    "average", "m1", "m2", "m3", "m4", "m5", NULL };
	struct listing l;
	const char *month = NULL;
	int i, rc, csv = 0;

	if (argc < 2 || strcmp(argv[1], "satisfaction") != 0)
		return argc < 2 ? cli_usage(c) : cli_unexpected(c, argv[1]);
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--csv") == 0)
			csv = 1;
		else if (strcmp(argv[i], "--month") == 0 && i + 1 < argc &&
		    strlen(argv[i + 1]) == 7 && argv[i + 1][4] == '-')
			month = argv[++i];
		else if (strcmp(argv[i], "--month") == 0) {
			fprintf(stderr, L(c, "kabar: --month takes YYYY-MM, "
			    "like 2026-11\n", "kabar: --month perlu YYYY-MM, "
			    "misalnya 2026-11\n"));
			return 2;
		} else
			return cli_unexpected(c, argv[i]);
	}
	if (csv) {
		printf("service,category,count,average,m1,m2,m3,m4,m5\r\n");
		return db_report_filtered(c->db, REP_SATISFACTION, month, -1,
		    cli_csv_row, NULL) == 0 ? 0 : 1;
	}
	listing_init(&l, c, cols);
	rc = db_report_filtered(c->db, REP_SATISFACTION, month, -1,
	    cli_print_row, &l);
	listing_end(&l);
	return rc == 0 ? 0 : 1;
}
