/*
 * `kabar-district gateway add|list|revoke`: the district's operator
 * registers a village gateway (its credentials shown once), sees which
 * villages have gone quiet, and refuses a gateway from then on.
 */
#include <jansson.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "district.h"
#include "district_gateways.h"
#include "table.h"
#include "util.h"

#define QUIET_HOURS_DEFAULT 24

static int
usage(void)
{
	fprintf(stderr, "usage: kabar-district -c FILE gateway add ID "
	    "[--name NAME] [--region REGION]\n"
	    "       kabar-district -c FILE gateway list [--json] "
	    "[--quiet-hours N]\n"
	    "       kabar-district -c FILE gateway revoke ID\n");
	return 2;
}

/* "--opt VALUE" among argv[from..]: 0, or 2 (usage) on anything else. */
static int
options(int argc, char **argv, int from, const char *const *names,
    const char **vals, int *flag)
{
	int i, k;

	for (i = from; i < argc; i++) {
		if (flag != NULL && strcmp(argv[i], "--json") == 0) {
			*flag = 1;
			continue;
		}
		for (k = 0; names[k] != NULL; k++)
			if (strcmp(argv[i], names[k]) == 0)
				break;
		if (names[k] == NULL || i + 1 >= argc) {
			fprintf(stderr, "kabar-district: '%s' is not an option "
			    "here\n", argv[i]);
			return 2;
		}
		vals[k] = argv[++i];
	}
	return 0;
}

static int
add(struct ddb *db, const struct district_conf *c, int argc, char **argv)
{
	static const char *const names[] = { "--name", "--region", NULL };
	const char *vals[2] = { NULL, NULL };
	char token[DGW_SECRET_HEX], key[DGW_SECRET_HEX];
	int rc;

	if (argc < 2 || argv[1][0] == '-' || options(argc, argv, 2, names,
	    vals, NULL) != 0)
		return usage();
	rc = dgw_add(db, argv[1], vals[0], vals[1], now_wall(), token, key);
	if (rc == DGW_BAD_ID) {
		fprintf(stderr, "kabar-district: '%s' cannot be a gateway's id: "
		    "1 to 64 letters, digits, - and _ (the village's "
		    "gateway.id)\n", argv[1]);
		return 2;
	}
	if (rc == DGW_EXISTS) {
		fprintf(stderr, "kabar-district: there is a gateway '%s' "
		    "already (kabar-district gateway list)\n", argv[1]);
		return 1;
	}
	if (rc != 0)
		return 1;
	printf("Gateway '%s' added. In that village's kabar.conf, gateway.id "
	    "must be \"%s\" and the sync block reads:\n\n"
	    "sync : {\n"
	    "  url = \"http://%s/\";  # as the village reaches this district; "
	    "https:// through TLS\n"
	    "  token = \"%s\";\n"
	    "  hmac_key = \"%s\";\n"
	    "};\n\n"
	    "The token and key are shown this once: the district keeps the "
	    "token's hash only.\n", argv[1], argv[1], c->listen, token, key);
	/* Not left in memory: a wipe the compiler may not drop. */
	OPENSSL_cleanse(token, sizeof(token));
	OPENSSL_cleanse(key, sizeof(key));
	return 0;
}

/* "45 s", "12 min", "5 h", "3 d": how long ago, for a person. */
static void
age(int64_t secs, char *out, size_t outsz)
{
	if (secs < 0)
		secs = 0;
	if (secs < 60)
		snprintf(out, outsz, "%lld s", (long long)secs);
	else if (secs < 3600)
		snprintf(out, outsz, "%lld min", (long long)(secs / 60));
	else if (secs < 2 * 86400)
		snprintf(out, outsz, "%lld h", (long long)(secs / 3600));
	else
		snprintf(out, outsz, "%lld d", (long long)(secs / 86400));
}

struct listing {
	struct table	*t;
	int64_t		 now;
	long		 quiet_secs;
	int		 json;
};

/* What the gateway's state is: revoked, never heard from, quiet, ok. */
static const char *
state(const struct listing *l, const struct dgw_row *g)
{
	if (g->revoked_at != 0)
		return "revoked";
	if (g->last_contact == 0)
		return "never";
	if (l->now - g->last_contact > l->quiet_secs)
		return "quiet";
	return "ok";
}

static json_t *
time_or_null(int64_t t)
{
	char iso[21];

	if (t == 0)
		return json_null();
	iso_time(t, iso);
	return json_string(iso);
}

static int
list_row(void *arg, const struct dgw_row *g)
{
	struct listing *l = arg;
	char contact[40], recs[24], newest[32];
	const char *cells[8];

	if (l->json) {
		json_t *o = json_pack("{s:s, s:s?, s:s?, s:s?, s:o, s:I, s:s?, "
		    "s:o, s:o, s:s}", "id", g->id, "name", g->name, "region",
		    g->region, "release", g->release, "last_contact",
		    time_or_null(g->last_contact), "records",
		    (json_int_t)g->records, "newest_at", g->newest_at,
		    "created_at", time_or_null(g->created_at), "revoked_at",
		    time_or_null(g->revoked_at), "state", state(l, g));
		char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);

		printf("%s\n", s);
		free(s);
		json_decref(o);
		return 0;
	}
	if (g->last_contact == 0)
		strlcpy_k(contact, "never", sizeof(contact));
	else {
		age(l->now - g->last_contact, newest, sizeof(newest));
		snprintf(contact, sizeof(contact), "%s ago", newest);
	}
	snprintf(recs, sizeof(recs), "%ld", g->records);
	newest[0] = '\0';
	if (g->newest_at != NULL && parse_iso_time(g->newest_at) >= 0)
		age(l->now - parse_iso_time(g->newest_at), newest,
		    sizeof(newest));
	cells[0] = g->id;
	cells[1] = g->name;
	cells[2] = g->region;
	/* A gateway that has spoken without naming its release is of a
	 * release from before the header. */
	cells[3] = g->last_contact == 0 ? NULL : g->release ? g->release :
	    "older";
	cells[4] = contact;
	cells[5] = recs;
	cells[6] = newest;
	cells[7] = state(l, g);
	table_row(l->t, cells);
	return 0;
}

static int
list(struct ddb *db, int argc, char **argv)
{
	static const char *const names[] = { "--quiet-hours", NULL };
	static const char *const heads[] = { "ID", "NAME", "REGION",
	    "RELEASE", "LAST CONTACT", "RECORDS", "NEWEST", "STATE" };
	const char *vals[1] = { NULL };
	struct listing l = { NULL, now_wall(), QUIET_HOURS_DEFAULT * 3600L,
	    0 };
	long h;
	int rc;

	if (options(argc, argv, 1, names, vals, &l.json) != 0)
		return usage();
	if (vals[0] != NULL) {
		if (parse_long(vals[0], 1, 24L * 366, &h) != 0) {
			fprintf(stderr, "kabar-district: --quiet-hours is a "
			    "number of hours, 1 or more\n");
			return 2;
		}
		l.quiet_secs = h * 3600;
	}
	if (!l.json)
		l.t = table_new(8, heads);
	rc = dgw_list(db, list_row, &l);
	if (l.t != NULL) {
		if (rc == 0)
			table_print(l.t, stdout, "(no gateways: kabar-district "
			    "gateway add ID)");
		table_free(l.t);
	}
	return rc == 0 ? 0 : 1;
}

static int
revoke(struct ddb *db, int argc, char **argv)
{
	int rc;

	if (argc != 2)
		return usage();
	rc = dgw_revoke(db, argv[1], now_wall());
	if (rc == DGW_UNKNOWN) {
		fprintf(stderr, "kabar-district: there is no gateway '%s' "
		    "(kabar-district gateway list)\n", argv[1]);
		return 1;
	}
	if (rc == DGW_REVOKED) {
		printf("Gateway '%s' was revoked already.\n", argv[1]);
		return 0;
	}
	if (rc != 0)
		return 1;
	printf("Gateway '%s' revoked: the district refuses its requests from "
	    "now on. What it sent before stays.\n", argv[1]);
	return 0;
}

int
dgw_command(struct ddb *db, const struct district_conf *c, int argc,
    char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return add(db, c, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return list(db, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "revoke") == 0)
		return revoke(db, argc - 1, argv + 1);
	return usage();
}
