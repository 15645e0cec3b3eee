/*
 * A campaign's results as JSON (the shape in district_campaigns.h): the
 * votes or answers the asked villages sent up as `vote` and
 * `survey_response` records, added up per village and overall. The CLI
 * and the district console both print from this, so they agree.
 *
 * A resident's later vote replaces the earlier one in the village (one
 * vote a poll), so of a voter's records only the newest counts here too.
 * A survey counts every response, as the village does.
 */
#include "district_campaigns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "district_camp_int.h"
#include "district_store.h"
#include "dsql.h"
#include "util.h"

static const struct dsql_query q_campaign = {
	"SELECT kind, payload, closes_at, title FROM campaigns WHERE code = "
	"$1", NULL };
static const struct dsql_query q_asked = {
	"SELECT c.gateway, g.name, g.region FROM campaign_gateways c LEFT "
	"JOIN gateways g ON g.id = c.gateway WHERE c.campaign = $1 ORDER BY "
	"COALESCE(g.name, c.gateway), c.gateway", NULL };
/* The newest vote of each voter (ids of one village's database grow in
 * length, then in order); a record without a voter is its own. */
static const struct dsql_query q_votes = {
	"SELECT v.gateway, v.option, COUNT(*) FROM (SELECT r.gateway, "
	"r.data->>'option' AS option, ROW_NUMBER() OVER (PARTITION BY "
	"r.gateway, COALESCE(r.data->>'voter', r.id) ORDER BY r.at DESC, "
	"length(r.id) DESC, r.id DESC) AS n FROM records r JOIN "
	"campaign_gateways c ON c.gateway = r.gateway AND c.campaign = $1 "
	"WHERE r.type = 'vote' AND r.data->>'poll' = $1) v WHERE v.n = 1 "
	"GROUP BY v.gateway, v.option", NULL };
static const struct dsql_query q_responses = {
	"SELECT r.gateway, r.data->'answers' FROM records r JOIN "
	"campaign_gateways c ON c.gateway = r.gateway AND c.campaign = $1 "
	"WHERE r.type = 'survey_response' AND r.data->>'survey' = $1", NULL };
/* Reported: villages with a vote or response of that code. The two
 * subqueries keep to the partial indexes of 0003. */
static const struct dsql_query q_list = {
	"SELECT c.code, c.kind, c.title, c.created_at, c.closes_at, (SELECT "
	"COUNT(*) FROM campaign_gateways g WHERE g.campaign = c.code), "
	"(SELECT COUNT(DISTINCT r.gateway) FROM records r JOIN "
	"campaign_gateways g ON g.gateway = r.gateway AND g.campaign = c.code "
	"WHERE c.kind = 'poll' AND r.type = 'vote' AND r.data->>'poll' = "
	"c.code) + (SELECT COUNT(DISTINCT r.gateway) FROM records r JOIN "
	"campaign_gateways g ON g.gateway = r.gateway AND g.campaign = c.code "
	"WHERE c.kind = 'survey' AND r.type = 'survey_response' AND "
	"r.data->>'survey' = c.code) FROM campaigns c ORDER BY c.created_at "
	"DESC, c.code", NULL };

static json_t *
iso_or_null(const char *unix_seconds)
{
	char iso[21];

	if (unix_seconds == NULL || unix_seconds[0] == '\0')
		return json_null();
	iso_time(atoll(unix_seconds), iso);
	return json_string(iso);
}

static int
is_open(const char *closes_at)
{
	return closes_at == NULL || closes_at[0] == '\0' ||
	    atoll(closes_at) > now_wall();
}

static int
list_row(void *arg, int ncols, const char *const *v)
{
	(void)ncols;
	json_array_append_new(arg, json_pack("{s:s, s:s, s:s, s:o, s:o, s:b, "
	    "s:I, s:I}", "code", v[0], "kind", v[1], "title", v[2],
	    "created_at", iso_or_null(v[3]), "closes_at", iso_or_null(v[4]),
	    "open", is_open(v[4]), "asked", (json_int_t)atoll(v[5]),
	    "reported", (json_int_t)atoll(v[6])));
	return 0;
}

int
dcamp_list_json(struct ddb *d, json_t **out)
{
	*out = json_array();
	if (dsql_run(ddb_sql(d), &q_list, 0, NULL, list_row, *out) == 0)
		return 0;
	json_decref(*out);
	*out = NULL;
	return -1;
}

/* What is being added up: the villages asked, each found by id. */
struct tally {
	json_t	*villages;	/* the result's array */
	json_t	*at;		/* gateway id -> its index there */
	json_t	*overall;	/* poll: counts per option */
	json_t	*questions;	/* survey: the result's questions */
	size_t	 n_options;
	json_int_t *sum;	/* survey: per question, of its numbers */
	int	 err;
};

static int
asked_row(void *arg, int ncols, const char *const *v)
{
	struct tally *t = arg;

	(void)ncols;
	json_object_set_new(t->at, v[0], json_integer((json_int_t)
	    json_array_size(t->villages)));
	json_array_append_new(t->villages, json_pack("{s:s, s:s?, s:s?}",
	    "gateway", v[0], "name", v[1], "region", v[2]));
	return 0;
}

static json_t *
village(struct tally *t, const char *gateway)
{
	json_t *i = json_object_get(t->at, gateway);

	return i ? json_array_get(t->villages, (size_t)json_integer_value(i)) :
	    NULL;
}

static void
add_to(json_t *counts, size_t i, json_int_t n)
{
	json_array_set_new(counts, i, json_integer(json_integer_value(
	    json_array_get(counts, i)) + n));
}

static json_t *
zeros(size_t n)
{
	json_t *a = json_array();

	while (n-- > 0)
		json_array_append_new(a, json_integer(0));
	return a;
}

static int
vote_row(void *arg, int ncols, const char *const *v)
{
	struct tally *t = arg;
	json_t *g = village(t, v[0]);
	long option = v[1] ? atol(v[1]) : 0;
	json_int_t n = atoll(v[2]);

	(void)ncols;
	/* A village's vote for an option the campaign does not have (its
	 * own poll of that code) is not the campaign's. */
	if (g == NULL || option < 1 || (size_t)option > t->n_options)
		return 0;
	add_to(json_object_get(g, "votes"), (size_t)option - 1, n);
	json_object_set_new(g, "total", json_integer(json_integer_value(
	    json_object_get(g, "total")) + n));
	add_to(t->overall, (size_t)option - 1, n);
	return 0;
}

/* One answer to question i of the survey. */
static void
answer(struct tally *t, size_t i, json_t *a)
{
	json_t *q = json_array_get(t->questions, i);
	const char *type = json_string_value(json_object_get(q, "type"));
	json_int_t v = json_integer_value(a), n;

	if (strcmp(type, "choice") == 0) {
		if (json_is_integer(a) && v >= 1 && (size_t)v <=
		    json_array_size(json_object_get(q, "options")))
			add_to(json_object_get(q, "overall"), (size_t)v - 1, 1);
		return;
	}
	if (strcmp(type, "text") == 0) {
		if (json_is_string(a))
			json_object_set_new(q, "count", json_integer(
			    json_integer_value(json_object_get(q, "count")) +
			    1));
		return;
	}
	if (!json_is_integer(a))
		return;
	n = json_integer_value(json_object_get(q, "count")) + 1;
	t->sum[i] += v;
	json_object_set_new(q, "count", json_integer(n));
	if (n == 1 || v < json_integer_value(json_object_get(q, "min")))
		json_object_set_new(q, "min", json_integer(v));
	if (n == 1 || v > json_integer_value(json_object_get(q, "max")))
		json_object_set_new(q, "max", json_integer(v));
	json_object_set_new(q, "mean", json_real((double)t->sum[i] /
	    (double)n));
}

static int
response_row(void *arg, int ncols, const char *const *v)
{
	struct tally *t = arg;
	json_t *g = village(t, v[0]), *answers, *a;
	size_t i;

	(void)ncols;
	if (g == NULL || v[1] == NULL || (answers = json_loads(v[1], 0,
	    NULL)) == NULL)
		return 0;
	json_object_set_new(g, "responses", json_integer(json_integer_value(
	    json_object_get(g, "responses")) + 1));
	json_array_foreach(answers, i, a)
		if (i < json_array_size(t->questions))
			answer(t, i, a);
	json_decref(answers);
	return 0;
}

/* The survey's questions as the result lists them, counts at zero. */
static json_t *
survey_questions(json_t *payload)
{
	json_t *out = json_array(), *q, *r;
	size_t i;

	json_array_foreach(json_object_get(payload, "questions"), i, q) {
		const char *type = json_string_value(json_object_get(q,
		    "type"));

		r = json_pack("{s:O, s:s}", "text", json_object_get(q, "text"),
		    "type", type);
		if (strcmp(type, "choice") == 0) {
			json_object_set(r, "options", json_object_get(q,
			    "options"));
			json_object_set_new(r, "overall", zeros(
			    json_array_size(json_object_get(q, "options"))));
		} else if (strcmp(type, "number") == 0)
			json_object_update_new(r, json_pack("{s:i, s:n, s:n, "
			    "s:n}", "count", 0, "mean", "min", "max"));
		else
			json_object_set_new(r, "count", json_integer(0));
		json_array_append_new(out, r);
	}
	return out;
}

/* Per village: 0 votes of each option, or 0 responses. */
static void
tally_start(struct tally *t, int poll)
{
	json_t *g;
	size_t i;

	json_array_foreach(t->villages, i, g) {
		if (poll) {
			json_object_set_new(g, "votes", zeros(t->n_options));
			json_object_set_new(g, "total", json_integer(0));
		} else
			json_object_set_new(g, "responses", json_integer(0));
	}
}

static json_int_t
reported(json_t *villages, const char *field)
{
	json_t *g;
	size_t i;
	json_int_t n = 0;

	json_array_foreach(villages, i, g)
		n += json_integer_value(json_object_get(g, field)) > 0;
	return n;
}

int
dcamp_results_json(struct ddb *d, const char *code, json_t **out)
{
	struct drows h = { 0 };
	struct tally t = { 0 };
	json_t *payload = NULL, *r;
	const char *kind, *closes;
	int rc, poll;

	*out = NULL;
	if ((rc = dsql_run(ddb_sql(d), &q_campaign, 1, &code, drows_add,
	    &h)) != 0)
		return -1;
	if (h.n == 0)
		return DCAMP_UNKNOWN;
	kind = drows_get(&h, 0, 0);
	closes = drows_get(&h, 0, 2);
	poll = strcmp(kind, "poll") == 0;
	payload = json_loads(drows_get(&h, 0, 1), 0, NULL);
	t.villages = json_array();
	t.at = json_object();
	if (poll) {
		t.n_options = json_array_size(json_object_get(payload,
		    "options"));
		t.overall = zeros(t.n_options);
	} else {
		t.questions = survey_questions(payload);
		t.sum = xcalloc(json_array_size(t.questions) + 1,
		    sizeof(*t.sum));
	}
	rc = dsql_run(ddb_sql(d), &q_asked, 1, &code, asked_row, &t);
	tally_start(&t, poll);
	if (rc == 0)
		rc = dsql_run(ddb_sql(d), poll ? &q_votes : &q_responses, 1,
		    &code, poll ? vote_row : response_row, &t);
	if (rc == 0) {
		r = json_pack("{s:s, s:s, s:s, s:o, s:b, s:I, s:I, s:O}",
		    "code", code, "kind", kind, "title", drows_get(&h, 0, 3),
		    "closes_at", iso_or_null(closes), "open", is_open(closes), "asked", (json_int_t)
		    json_array_size(t.villages), "reported", reported(
		    t.villages, poll ? "total" : "responses"), "villages",
		    t.villages);
		if (poll) {
			json_object_set(r, "options", json_object_get(payload,
			    "options"));
			json_object_set(r, "overall", t.overall);
		} else
			json_object_set(r, "questions", t.questions);
		*out = r;
	}
	json_decref(t.villages);
	json_decref(t.at);
	json_decref(t.overall);
	json_decref(t.questions);
	json_decref(payload);
	free(t.sum);
	drows_free(&h);
	return rc == 0 ? 0 : -1;
}

#define JS(o, k) json_string_value(json_object_get((o), (k)))
#define JI(o, k) json_integer_value(json_object_get((o), (k)))

static json_int_t
total_of(json_t *counts)
{
	json_int_t n = 0;
	size_t i;
	json_t *v;

	json_array_foreach(counts, i, v)
		n += json_integer_value(v);
	return n;
}

/* "N,P" with P the share of n in total, to a tenth of a percent. */
static void
count_share(struct strbuf *sb, json_int_t n, json_int_t total)
{
	sb_addf(sb, "%lld,%.1f", (long long)n, total > 0 ? 100.0 *
	    (double)n / (double)total : 0.0);
}

/* The village's three cells, or the whole district's. */
static void
village_cells(struct strbuf *sb, json_t *v)
{
	csv_sb_text(sb, v != NULL ? JS(v, "gateway") : "(all)", 0);
	csv_sb_text(sb, v != NULL ? JS(v, "name") : NULL, 0);
	csv_sb_text(sb, v != NULL ? JS(v, "region") : NULL, 0);
}

/* Votes per option, the whole district first, then each village. */
static void
poll_csv(struct strbuf *sb, json_t *o)
{
	json_t *opts = json_object_get(o, "options"), *villages =
	    json_object_get(o, "villages"), *v, *counts;
	size_t i, j;

	sb_adds(sb, "village,name,region,option,label,count,percent\r\n");
	for (j = 0; j <= json_array_size(villages); j++) {
		v = j == 0 ? NULL : json_array_get(villages, j - 1);
		counts = json_object_get(v != NULL ? v : o, v != NULL ?
		    "votes" : "overall");
		for (i = 0; i < json_array_size(opts); i++) {
			village_cells(sb, v);
			sb_addf(sb, "%zu,", i + 1);
			csv_sb_text(sb, json_string_value(json_array_get(opts, i)),
			    0);
			count_share(sb, json_integer_value(json_array_get(counts,
			    i)), total_of(counts));
			sb_adds(sb, "\r\n");
		}
	}
}

/* Each question over the whole district, then each village's responses. */
static void
survey_csv(struct strbuf *sb, json_t *o)
{
	json_t *q, *v, *counts;
	size_t i, j;

	sb_adds(sb, "village,name,region,question,type,answer,count,percent,"
	    "mean,min,max\r\n");
	json_array_foreach(json_object_get(o, "questions"), i, q) {
		counts = json_object_get(q, "options") != NULL ?
		    json_object_get(q, "overall") : NULL;
		for (j = 0; j < (counts != NULL ? json_array_size(counts) : 1);
		    j++) {
			village_cells(sb, NULL);
			csv_sb_text(sb, JS(q, "text"), 0);
			csv_sb_text(sb, JS(q, "type"), 0);
			if (counts != NULL) {
				csv_sb_text(sb, json_string_value(json_array_get(
				    json_object_get(q, "options"), j)), 0);
				count_share(sb, json_integer_value(
				    json_array_get(counts, j)), total_of(counts));
				sb_adds(sb, ",,,\r\n");
			} else if (json_is_number(json_object_get(q, "mean")))
				sb_addf(sb, ",%lld,,%.1f,%lld,%lld\r\n",
				    (long long)JI(q, "count"), json_number_value(
				    json_object_get(q, "mean")), (long long)JI(q,
				    "min"), (long long)JI(q, "max"));
			else
				sb_addf(sb, ",%lld,,,,\r\n", (long long)JI(q,
				    "count"));
		}
	}
	json_array_foreach(json_object_get(o, "villages"), i, v) {
		village_cells(sb, v);
		sb_addf(sb, ",responses,,%lld,,,,\r\n", (long long)JI(v,
		    "responses"));
	}
}

/* One writer for `kabar-district results CODE --csv` and the console's
 * download, so an officer's file and an operator's agree byte for byte. */
void
dcamp_results_csv(json_t *results, struct strbuf *sb)
{
	const char *kind = JS(results, "kind");

	if (kind != NULL && strcmp(kind, "survey") == 0)
		survey_csv(sb, results);
	else
		poll_csv(sb, results);
}
