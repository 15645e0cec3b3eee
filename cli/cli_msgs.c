/*
 * kabar status, inbox, outbox, send and inject.
 */
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "modem.h"
#include "outbox.h"
#include "phone.h"
#include "smstext.h"
#include "util.h"

#define LIST_DEFAULT 50

static int
is_number_col(const char *name)
{
	return strcmp(name, "id") == 0 || strcmp(name, "parts") == 0 ||
	    strcmp(name, "tries") == 0 || strcmp(name, "count") == 0 ||
	    strcmp(name, "option") == 0 || strcmp(name, "votes") == 0 ||
	    strcmp(name, "public_results") == 0 ||
	    strcmp(name, "signal") == 0 || strcmp(name, "backlog") == 0;
}

int
cli_print_row(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	struct listing *l = arg;
	int i;

	if (l->json) {
		json_t *o = json_object();
		char *s;

		for (i = 0; i < n; i++) {
			json_t *v;

			if (vals[i] == NULL)
				v = json_null();
			else if (is_number_col(names[i]))
				v = json_integer(strtoll(vals[i], NULL, 10));
			else
				v = json_string(vals[i]);
			if (v == NULL)	/* not UTF-8: never expected */
				v = json_string("?");
			json_object_set_new(o, names[i], v);
		}
		s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		printf("%s\n", s);
		free(s);
		json_decref(o);
	} else {
		const char *const *c;

		for (c = l->columns; *c != NULL; c++)
			for (i = 0; i < n; i++)
				if (strcmp(names[i], *c) == 0)
					printf("%s%s", c == l->columns ? "" :
					    "  ", vals[i] ? vals[i] : "-");
		printf("\n");
	}
	l->rows++;
	return 0;
}

static int
list_opts(int argc, char **argv, int *json, int *limit)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "limit", required_argument, NULL, 'n' },
		{ "all", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	long v;
	int c;

	*json = 0;
	*limit = LIST_DEFAULT;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			*json = 1;
			break;
		case 'n':
			if (parse_long(optarg, 1, 1000000000, &v) != 0) {
				fprintf(stderr, "kabar: --limit takes a "
				    "positive number\n");
				return -1;
			}
			*limit = (int)v;
			break;
		case 'a':
			*limit = -1;
			break;
		default:
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "kabar: unexpected '%s'\n", argv[optind]);
		return -1;
	}
	return 0;
}

static int
listing(struct cli *c, int argc, char **argv, enum db_report which,
    const char *const *cols)
{
	struct listing l = { 0, 0, cols };
	int limit;

	if (list_opts(argc, argv, &l.json, &limit) != 0)
		return 2;
	return db_report(c->db, which, limit, cli_print_row, &l) == 0 ? 0 : 1;
}

int
cmd_inbox(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "id", "received_at", "from",
	    "state", "text", NULL };

	return listing(c, argc, argv, REP_INBOX, cols);
}

int
cmd_outbox(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "id", "created_at", "to", "status",
	    "modem", "parts", "text", NULL };

	return listing(c, argc, argv, REP_OUTBOX, cols);
}

/* The gateway's time, where it came from, and whether bulk waits for it. */
static void
status_clock(int json)
{
	int64_t off = clock_correction();
	char at[21];

	iso_time(now_wall(), at);
	if (json)
		printf("{\"clock_known\":%s,\"clock_source\":\"%s\","
		    "\"clock_now\":\"%s\",\"clock_correction\":%" PRId64 "}\n",
		    clock_known() ? "true" : "false",
		    clock_source_name(clock_source()), at, off);
	else if (!clock_known())
		printf("\nclock: NOT KNOWN; the system clock says %s. "
		    "Broadcasts, polls and surveys wait until a received SMS, "
		    "the modem's clock or the district tells the time.\n", at);
	else if (off == 0)
		printf("\nclock: %s from %s\n", at,
		    clock_source_text(clock_source()));
	else
		printf("\nclock: %s from %s, %" PRId64 " s %s the system clock\n",
		    at, clock_source_text(clock_source()), off < 0 ? -off : off,
		    off < 0 ? "behind" : "ahead of");
}

int
cmd_status(struct cli *c, int argc, char **argv)
{
	static const char *const mcols[] = { "name", "state", "signal",
	    "registration", "operator", "balance", "changed_at", "last_error",
	    NULL };
	static const char *const ccols[] = { "what", "state", "count", NULL };
	struct listing l = { 0, 0, mcols };
	int limit, used, committed;

	if (list_opts(argc, argv, &l.json, &limit) != 0)
		return 2;
	used = db_budget_used(c->db, now_wall());
	committed = db_budget_committed(c->db, now_wall());
	if (used < 0 || committed < 0)
		return 1;
	if (!l.json) {
		printf("gateway %s, database %s\n", c->cfg->id,
		    c->cfg->database);
		printf("\nmodems (name, state, signal %%, network, operator, "
		    "credit Rp, since, last error):\n");
	}
	if (db_report(c->db, REP_MODEMS, -1, cli_print_row, &l) != 0)
		return 1;
	if (!l.json && l.rows == 0)
		printf("(none has reported yet: is kabard running?)\n");
	if (!l.json)
		printf("\nmessages:\n");
	l.columns = ccols;
	if (db_report(c->db, REP_COUNTS, -1, cli_print_row, &l) != 0)
		return 1;
	if (!l.json)
		printf("\ndistrict sync (waiting, oldest, set aside, last success, "
		    "next attempt, last error):\n");
	l.columns = (const char *const[]){ "backlog", "oldest", "set_aside",
	    "last_success", "next_attempt", "last_error", NULL };
	if (db_report(c->db, REP_BACKLOG, -1, cli_print_row, &l) != 0)
		return 1;
	status_clock(l.json);
	if (l.json)
		printf("{\"budget_day\":%d,\"budget_used\":%d,"
		    "\"budget_queued\":%d}\n", c->cfg->daily_sms_budget, used,
		    committed - used);
	else
		printf("\nbudget today: %d of %d SMS sent, %d waiting%s\n",
		    used, c->cfg->daily_sms_budget, committed - used,
		    c->cfg->daily_sms_budget == 0 ? " (no cap)" : "");
	return 0;
}

int
cmd_send(struct cli *c, int argc, char **argv)
{
	struct outbox_msg m = { 0 };
	struct sms_size sz;
	char e164[PHONE_MAX];
	int64_t id;

	if (argc != 3) {
		fprintf(stderr, "usage: kabar -c FILE send PHONE TEXT\n");
		return 2;
	}
	if (phone_normalise(argv[1], c->cfg->country_code, e164,
	    sizeof(e164)) != PHONE_MOBILE) {
		fprintf(stderr, "kabar: '%s' is not a mobile number\n",
		    argv[1]);
		return 2;
	}
	if (argv[2][0] == '\0' || !utf8_valid(argv[2], strlen(argv[2]))) {
		fprintf(stderr, "kabar: the text must be non-empty UTF-8\n");
		return 2;
	}
	sms_size(argv[2], &sz);
	m.to = e164;
	m.text = argv[2];
	m.kind = "send";
	if (outbox_queue(c->db, c->cfg, &m, now_wall(), &id) != 0)
		return 1;
	printf("queued as outbox %" PRId64 " to %s (%d SMS%s)\n", id, e164,
	    sz.parts, sz.ucs2 ? ", UCS-2" : "");
	return 0;
}

static const struct modem_conf *
dummy_modem(const struct gw_config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->n_modems; i++) {
		const struct modem_conf *mc = &cfg->modems[i];

		if (name != NULL && strcmp(mc->name, name) != 0)
			continue;
		if (strcmp(mc->connection, "none") == 0 &&
		    strcmp(mc->model, "dummy") == 0)
			return mc;
		if (name != NULL)
			return NULL;
	}
	return NULL;
}

int
cmd_inject(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "modem", required_argument, NULL, 'm' },
		{ "ucs2", no_argument, NULL, 'u' },
		{ "part", required_argument, NULL, 'p' },
		{ "ref", required_argument, NULL, 'r' },
		{ "at", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct inject in = { 0 };
	const struct modem_conf *mc;
	const char *modem = NULL;
	char err[512];
	long v;
	int ch, n;

	in.when = now_wall();
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			in.from = optarg;
			break;
		case 'm':
			modem = optarg;
			break;
		case 'u':
			in.ucs2 = 1;
			break;
		case 'p':
			if (parse_long(optarg, 1, 255, &v) != 0)
				goto bad;
			in.only_part = (int)v;
			break;
		case 'r':
			if (parse_long(optarg, 1, 255, &v) != 0)
				goto bad;
			in.ref = (int)v;
			break;
		case 't':
			if (parse_long(optarg, 0, 4102444800L, &v) != 0)
				goto bad;
			in.when = v;
			break;
		default:
			goto bad;
		}
	}
	if (in.from == NULL || optind != argc - 1)
		goto bad;
	in.text = argv[optind];
	if (!utf8_valid(in.text, strlen(in.text))) {
		fprintf(stderr, "kabar: the text is not UTF-8\n");
		return 2;
	}
	mc = dummy_modem(c->cfg, modem);
	if (mc == NULL) {
		fprintf(stderr, "kabar: inject works only on a dummy modem "
		    "(connection = \"none\"; model = \"dummy\")%s%s\n",
		    modem ? "; not on " : "", modem ? modem : "");
		return 2;
	}
	n = modem_dummy_inject(mc->device, &in, err, sizeof(err));
	if (n < 0) {
		fprintf(stderr, "kabar: %s\n", err);
		return 1;
	}
	printf("put %d SMS part%s into modem %s\n", n, n == 1 ? "" : "s",
	    mc->name);
	return 0;
bad:
	fprintf(stderr, "usage: kabar -c FILE inject --from NUMBER "
	    "[--modem NAME] [--ucs2] [--part K --ref N] [--at UNIXTIME] TEXT\n");
	return 2;
}
