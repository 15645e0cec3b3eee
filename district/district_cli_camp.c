/*
 * kabar-district's campaign commands (CONTRACT section 8):
 *
 *   campaign poll|survey FILE|- --gateways all|ID,ID   queue it for them
 *   campaign poll|survey FILE|- --region KEC           ... or a region's
 *   campaign list [--json]                             every campaign
 *   results CODE [--csv | --json]                      votes or answers
 *
 * Everything printed comes from the JSON the district console reads
 * (dcamp_results_json, dcamp_list_json), so the two never disagree.
 */
#include "district_campaigns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "district.h"
#include "district_store.h"
#include "dsql.h"
#include "log.h"
#include "util.h"

#define DEFINITION_MAX (1024 * 1024)

static int
usage(void)
{
	fprintf(stderr, "usage: kabar-district -c FILE campaign poll|survey "
	    "FILE|- (--gateways all|ID,ID | --region KEC)\n"
	    "       kabar-district -c FILE campaign list [--json]\n"
	    "       kabar-district -c FILE results CODE [--csv | --json]\n");
	return 2;
}

/* The whole of path ("-": standard input) into *out (the caller's). */
static int
read_definition(const char *path, char **out)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	if (f == NULL) {
		log_plain_error("kabar-district: %s: cannot read it", path);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0 && sb.len <=
	    DEFINITION_MAX)
		sb_add(&sb, buf, n);
	if (f != stdin)
		fclose(f);
	if (sb.len > DEFINITION_MAX) {
		log_plain_error("kabar-district: %s: larger than a poll or "
		    "survey can be", path);
		sb_free(&sb);
		return -1;
	}
	*out = sb_detach(&sb);
	return 0;
}

static int
campaign(struct ddb *d, const struct district_conf *conf, int argc,
    char **argv)
{
	const char *kind = argv[1], *target = NULL, *arg = NULL;
	const char **extra;
	enum dcamp_target t = DCAMP_ALL;
	json_t *payload;
	int64_t closes;
	char *text, err[512];
	size_t i;
	int rc, asked, n = 0;

	for (i = 3; i + 1 < (size_t)argc; i += 2) {
		if (strcmp(argv[i], "--gateways") != 0 && strcmp(argv[i],
		    "--region") != 0)
			return usage();
		target = argv[i];
		arg = argv[i + 1];
		n++;
	}
	if (i != (size_t)argc || n != 1) {
		fprintf(stderr, "kabar-district: say which villages: "
		    "--gateways all, --gateways ID,ID or --region KEC (one of "
		    "them)\n");
		return 2;
	}
	if (strcmp(target, "--region") == 0)
		t = DCAMP_REGION;
	else if (strcmp(arg, "all") != 0)
		t = DCAMP_GATEWAYS;
	if (read_definition(argv[2], &text) != 0)
		return 2;
	rc = dcamp_parse(kind, text, &payload, &closes, err, sizeof(err));
	free(text);
	if (rc != 0) {
		fprintf(stderr, "%s: %s\n", argv[2], err);
		return 2;
	}
	extra = xcalloc(conf->n_gw + 1, sizeof(*extra));
	for (i = 0; i < conf->n_gw; i++)
		extra[i] = conf->gw[i].id;
	rc = dcamp_create(d, kind, payload, closes, t, arg, extra, conf->n_gw,
	    now_wall(), &asked, err, sizeof(err));
	free(extra);
	if (rc == DCAMP_REFUSED)
		fprintf(stderr, "kabar-district: %s\n", err);
	else if (rc == DSQL_BUSY)
		fprintf(stderr, "kabar-district: the store is busy; nothing "
		    "was queued, try again\n");
	else if (rc == 0) {
		if (json_is_string(json_object_get(payload, "group")))
			printf("Note: only villages with a group \"%s\" take "
			    "it; the others pass it over.\n", json_string_value(
			    json_object_get(payload, "group")));
		printf("%s %s queued for %d village%s.\n", kind,
		    json_string_value(json_object_get(payload, "code")), asked,
		    asked == 1 ? "" : "s");
	}
	json_decref(payload);
	return rc == 0 ? 0 : rc == DCAMP_REFUSED ? 2 : 1;
}

static int
print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	printf("%s\n", s);
	free(s);
	return 0;
}

static int
list(struct ddb *d, int json)
{
	json_t *l, *c;
	size_t i;

	if (dcamp_list_json(d, &l) != 0)
		return 1;
	if (json)
		print_json(l);
	else if (json_array_size(l) == 0)
		printf("No campaign yet.\n");
	json_array_foreach(l, i, c)
		if (!json)
			printf("%-12s %-6s %-6s %3lld of %-3lld reported  "
			    "closes %s  %s\n", json_string_value(
			    json_object_get(c, "code")), json_string_value(
			    json_object_get(c, "kind")), json_is_true(
			    json_object_get(c, "open")) ? "open" : "closed",
			    json_integer_value(json_object_get(c, "reported")),
			    json_integer_value(json_object_get(c, "asked")),
			    json_is_string(json_object_get(c, "closes_at")) ?
			    json_string_value(json_object_get(c, "closes_at")) :
			    "-", json_string_value(json_object_get(c,
			    "title")));
	json_decref(l);
	return 0;
}

static double
percent(json_int_t n, json_int_t total)
{
	return total > 0 ? 100.0 * (double)n / (double)total : 0.0;
}

static json_int_t
sum(json_t *counts)
{
	json_t *v;
	size_t i;
	json_int_t n = 0;

	json_array_foreach(counts, i, v)
		n += json_integer_value(v);
	return n;
}

#define S(o, k) json_string_value(json_object_get((o), (k)))
#define I(o, k) json_integer_value(json_object_get((o), (k)))

static void
poll_text(json_t *r)
{
	json_t *opts = json_object_get(r, "options"), *g;
	json_int_t total = sum(json_object_get(r, "overall"));
	size_t i, j;

	printf("%-4s %-40s %8s %7s\n", "", "overall", "votes", "%");
	json_array_foreach(opts, i, g) {
		json_int_t n = json_integer_value(json_array_get(
		    json_object_get(r, "overall"), i));

		printf("%3zu. %-40s %8lld %6.1f%%\n", i + 1,
		    json_string_value(g), (long long)n, percent(n, total));
	}
	printf("%-45s %8lld\n\n%-14s %-24s", "     total", (long long)total,
	    "village", "name");
	for (i = 0; i < json_array_size(opts); i++)
		printf(" %6zu", i + 1);
	printf(" %7s\n", "total");
	json_array_foreach(json_object_get(r, "villages"), j, g) {
		printf("%-14s %-24s", S(g, "gateway"), S(g, "name") ? S(g,
		    "name") : "-");
		for (i = 0; i < json_array_size(opts); i++)
			printf(" %6lld", json_integer_value(json_array_get(
			    json_object_get(g, "votes"), i)));
		printf(" %7lld%s\n", (long long)I(g, "total"), I(g, "total") ?
		    "" : "  (not reported)");
	}
}

static void
survey_text(json_t *r)
{
	json_t *q, *g, *v;
	size_t i, j;

	json_array_foreach(json_object_get(r, "questions"), i, q) {
		printf("%zu. %s (%s)\n", i + 1, S(q, "text"), S(q, "type"));
		if (json_object_get(q, "overall") != NULL) {
			json_int_t total = sum(json_object_get(q, "overall"));

			json_array_foreach(json_object_get(q, "options"), j, v) {
				json_int_t n = json_integer_value(
				    json_array_get(json_object_get(q,
				    "overall"), j));

				printf("   %zu. %-36s %8lld %6.1f%%\n", j + 1,
				    json_string_value(v), (long long)n,
				    percent(n, total));
			}
		} else if (json_is_number(json_object_get(q, "mean")))
			printf("   %lld answers, mean %.1f, min %lld, max %lld\n",
			    (long long)I(q, "count"), json_number_value(
			    json_object_get(q, "mean")), (long long)I(q, "min"),
			    (long long)I(q, "max"));
		else
			printf("   %lld answers\n", (long long)I(q, "count"));
	}
	printf("\n%-14s %-24s %9s\n", "village", "name", "responses");
	json_array_foreach(json_object_get(r, "villages"), j, g)
		printf("%-14s %-24s %9lld\n", S(g, "gateway"), S(g, "name") ?
		    S(g, "name") : "-", (long long)I(g, "responses"));
}

static int
results(struct ddb *d, const char *code, const char *how)
{
	json_t *r;
	struct strbuf sb = STRBUF_INIT;
	int rc = dcamp_results_json(d, code, &r), poll;

	if (rc == DCAMP_UNKNOWN) {
		fprintf(stderr, "kabar-district: no campaign %s (campaign list "
		    "shows them)\n", code);
		return 2;
	}
	if (rc != 0)
		return 1;
	poll = strcmp(S(r, "kind"), "poll") == 0;
	if (how != NULL && strcmp(how, "--json") == 0)
		print_json(r);
	else if (how != NULL) {
		dcamp_results_csv(r, &sb);
		fputs(sb_str(&sb), stdout);
		sb_free(&sb);
	} else {
		printf("%s (%s): %s\n%s, closes %s\n%lld of %lld villages "
		    "reported\n\n", code, S(r, "kind"), S(r, "title"),
		    json_is_true(json_object_get(r, "open")) ? "open" :
		    "closed", json_is_string(json_object_get(r, "closes_at")) ?
		    S(r, "closes_at") : "-", (long long)I(r, "reported"),
		    (long long)I(r, "asked"));
		(poll ? poll_text : survey_text)(r);
	}
	json_decref(r);
	return 0;
}

int
dcamp_cli(struct ddb *d, const struct district_conf *conf, int argc,
    char **argv)
{
	if (strcmp(argv[0], "results") == 0) {
		if (argc == 2 || (argc == 3 && (strcmp(argv[2], "--csv") == 0 ||
		    strcmp(argv[2], "--json") == 0)))
			return results(d, argv[1], argc == 3 ? argv[2] : NULL);
		return usage();
	}
	if (argc >= 2 && strcmp(argv[1], "list") == 0 && (argc == 2 ||
	    (argc == 3 && strcmp(argv[2], "--json") == 0)))
		return list(d, argc == 3);
	if (argc >= 3 && (strcmp(argv[1], "poll") == 0 || strcmp(argv[1],
	    "survey") == 0))
		return campaign(d, conf, argc, argv);
	return usage();
}
