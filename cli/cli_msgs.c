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
list_opts(struct cli *c, int argc, char **argv, int *json, int *limit)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "limit", required_argument, NULL, 'n' },
		{ "all", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	long v;
	int ch;

	*json = 0;
	*limit = LIST_DEFAULT;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			*json = 1;
			break;
		case 'n':
			if (parse_long(optarg, 1, 1000000000, &v) != 0) {
				fprintf(stderr, L(c, "kabar: --limit takes a "
				    "positive number, not '%s'\n", "kabar: "
				    "--limit perlu angka positif, bukan "
				    "'%s'\n"), optarg);
				return -1;
			}
			*limit = (int)v;
			break;
		case 'a':
			*limit = -1;
			break;
		default:
			cli_bad_option(c, argv);
			return -1;
		}
	}
	if (optind != argc) {
		cli_unexpected(c, argv[optind]);
		return -1;
	}
	return 0;
}

static int
listing(struct cli *c, int argc, char **argv, enum db_report which,
    const char *const *cols)
{
	struct listing l;
	int limit, rc;

	listing_init(&l, c, cols);
	if (list_opts(c, argc, argv, &l.json, &limit) != 0)
		return 2;
	rc = db_report(c->db, which, limit, cli_print_row, &l);
	listing_end(&l);
	return rc == 0 ? 0 : 1;
}

int
cmd_inbox(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "id", "received_at", "from",
	    "name", "state", "text", NULL };

	return listing(c, argc, argv, REP_INBOX, cols);
}

int
cmd_outbox(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "id", "created_at", "to", "name",
	    "status", "modem", "parts", "text", NULL };

	return listing(c, argc, argv, REP_OUTBOX, cols);
}


int
cmd_send(struct cli *c, int argc, char **argv)
{
	struct outbox_msg m = { 0 };
	struct sms_size sz;
	char e164[PHONE_MAX];
	int64_t id;

	if (argc != 3)
		return argc < 3 ? cli_usage(c) : cli_unexpected(c, argv[3]);
	if (phone_normalise(argv[1], c->cfg->country_code, e164,
	    sizeof(e164)) != PHONE_MOBILE) {
		fprintf(stderr, L(c, "kabar: '%s' is not a mobile number (like "
		    "0812-3456-7890 or +6281234567890); nothing is sent to "
		    "names or short codes\n", "kabar: '%s' bukan nomor HP "
		    "(misalnya 0812-3456-7890 atau +6281234567890); tidak ada "
		    "yang dikirim ke nama atau nomor pendek\n"), argv[1]);
		return 2;
	}
	if (argv[2][0] == '\0' || !utf8_valid(argv[2], strlen(argv[2]))) {
		fprintf(stderr, L(c, "kabar: the text must be non-empty "
		    "UTF-8\n", "kabar: teks tidak boleh kosong dan harus "
		    "UTF-8\n"));
		return 2;
	}
	sms_size(argv[2], &sz);
	m.to = e164;
	m.text = argv[2];
	m.kind = "send";
	if (outbox_queue(c->db, c->cfg, &m, now_wall(), &id) != 0)
		return 1;
	printf(L(c, "queued as outbox %" PRId64 " to %s (%d SMS%s)\n",
	    "masuk antrean keluar %" PRId64 " untuk %s (%d SMS%s)\n"), id,
	    e164, sz.parts, sz.ucs2 ? ", UCS-2" : "");
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
		fprintf(stderr, L(c, "kabar: the text is not UTF-8\n",
		    "kabar: teksnya bukan UTF-8\n"));
		return 2;
	}
	mc = dummy_modem(c->cfg, modem);
	if (mc == NULL) {
		fprintf(stderr, L(c, "kabar: inject works only on a dummy "
		    "modem (connection = \"none\"; model = \"dummy\")%s%s\n",
		    "kabar: inject hanya untuk modem dummy (connection = "
		    "\"none\"; model = \"dummy\")%s%s\n"), modem ?
		    L(c, "; not on ", "; bukan ") : "", modem ? modem : "");
		return 2;
	}
	n = modem_dummy_inject(mc->device, &in, err, sizeof(err));
	if (n < 0) {
		fprintf(stderr, "kabar: %s\n", err);
		return 1;
	}
	printf(L(c, "put %d SMS part%s into modem %s\n", "%d bagian SMS%s "
	    "dimasukkan ke modem %s\n"), n, c->en && n != 1 ? "s" : "",
	    mc->name);
	return 0;
bad:
	return cli_usage(c);
}
