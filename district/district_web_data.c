/*
 * What the district console shows, read-only: the villages (from the
 * gateway registry), complaints across villages (from the `complaint`
 * and `complaint_status` records: a complaint is open until its latest
 * status is selesai or ditolak), and the campaigns' results with their
 * CSV. Residents' text goes out as JSON strings, never as markup.
 */
#include "district_web_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "district_campaigns.h"
#include "district_gateways.h"
#include "district_store.h"
#include "dsql.h"
#include "util.h"

#define QUIET_HOURS_DEFAULT 24
#define PER_PAGE_DEFAULT 50
#define PER_PAGE_MAX 200
#define DAY 86400

static enum MHD_Result
store_failed(struct dreq *r)
{
	return dweb_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
	    "the store failed; try again");
}

/* --- Desa: the villages ------------------------------------------------ */

struct villages {
	json_t	*list;
	int64_t	 now;
	int64_t	 quiet_after;		/* seconds */
};

static int
village_row(void *arg, const struct dgw_row *g)
{
	struct villages *v = arg;
	int64_t newest = g->newest_at != NULL ? parse_iso_time(g->newest_at) :
	    -1;
	json_t *o = json_pack("{s:s, s:s?, s:s?, s:s?, s:I, s:b}", "id", g->id,
	    "name", g->name, "region", g->region, "release", g->release,
	    "records", (json_int_t)g->records, "revoked", g->revoked_at != 0);
	char at[21];

	if (g->last_contact > 0) {
		iso_time(g->last_contact, at);
		json_object_set_new(o, "last_contact", json_string(at));
	} else
		json_object_set_new(o, "last_contact", json_null());
	json_object_set_new(o, "newest_at", g->newest_at != NULL ?
	    json_string(g->newest_at) : json_null());
	json_object_set_new(o, "newest_age", newest >= 0 ?
	    json_integer(v->now - newest) : json_null());
	/* Quiet: nothing heard for quiet_after, or never (a revoked
	 * gateway is expected to be silent). */
	json_object_set_new(o, "quiet", json_boolean(g->revoked_at == 0 &&
	    (g->last_contact <= 0 || v->now - g->last_contact >
	    v->quiet_after)));
	json_array_append_new(v->list, o);
	return 0;
}

enum MHD_Result
dapi_villages(struct dreq *r)
{
	struct villages v = { json_array(), r->now, 0 };
	long hours;

	if (dweb_arg_long(r, "quiet_hours", 1, 24 * 365, QUIET_HOURS_DEFAULT,
	    &hours) != 0) {
		json_decref(v.list);
		return dweb_error(r, MHD_HTTP_BAD_REQUEST,
		    "quiet_hours must be a whole number of hours");
	}
	v.quiet_after = (int64_t)hours * 3600;
	if (dgw_list(r->w->db, village_row, &v) != 0) {
		json_decref(v.list);
		return store_failed(r);
	}
	return dweb_json(r, MHD_HTTP_OK, json_pack("{s:o, s:i, s:I}",
	    "items", v.list, "quiet_hours", (int)hours, "total",
	    (json_int_t)json_array_size(v.list)));
}

/* --- Aduan: complaints across villages ---------------------------------- */

/*
 * Every complaint with its latest status and category: the complaint
 * record, then its newest status record, and the newest that moved it
 * to another category. The same text for both stores (SQLite 3.38 and
 * later reads ->> as PostgreSQL does).
 */
#define COMPLAINTS_CTE \
	"WITH c AS (SELECT gateway, data->>'ticket' AS ticket, " \
	"data->>'text' AS text, data->>'category' AS category, at FROM " \
	"records WHERE type = 'complaint'), " \
	"s AS (SELECT gateway, data->>'ticket' AS ticket, data->>'status' " \
	"AS status, data->>'category' AS category, at, ROW_NUMBER() OVER " \
	"(PARTITION BY gateway, data->>'ticket' ORDER BY at DESC, " \
	"received_at DESC, id DESC) AS n FROM records WHERE type = " \
	"'complaint_status'), " \
	"k AS (SELECT gateway, ticket, category, ROW_NUMBER() OVER " \
	"(PARTITION BY gateway, ticket ORDER BY at DESC, n) AS n FROM s " \
	"WHERE category IS NOT NULL), " \
	"v AS (SELECT c.gateway, c.ticket, c.text, COALESCE(k.category, " \
	"c.category) AS category, COALESCE(s.status, 'baru') AS status, " \
	"c.at, COALESCE(s.at, c.at) AS updated_at FROM c LEFT JOIN s ON " \
	"s.gateway = c.gateway AND s.ticket = c.ticket AND s.n = 1 " \
	"LEFT JOIN k ON k.gateway = c.gateway AND k.ticket = c.ticket AND " \
	"k.n = 1) "
/* $1 village, $2 category ("-" for none), $3 status, open or closed. */
#define COMPLAINTS_WHERE \
	"WHERE ($1::text IS NULL OR v.gateway = $1::text) AND ($2::text IS " \
	"NULL OR v.category = $2::text OR ($2::text = '-' AND v.category " \
	"IS NULL)) AND ($3::text IS NULL OR v.status = $3::text OR " \
	"($3::text = 'open' AND v.status NOT IN ('selesai', 'ditolak')) OR " \
	"($3::text = 'closed' AND v.status IN ('selesai', 'ditolak'))) "

static const struct dsql_query q_complaints = {
	COMPLAINTS_CTE "SELECT v.gateway, g.name, g.region, v.ticket, v.text, "
	"v.category, v.status, v.at, v.updated_at, COUNT(*) OVER () FROM v "
	"LEFT JOIN gateways g ON g.id = v.gateway " COMPLAINTS_WHERE
	"ORDER BY v.at, v.gateway, v.ticket LIMIT $4::bigint OFFSET $5::bigint",
	NULL };
/* Open complaints by category and age: under a day, a week, a month,
 * and older ($4, $5, $6 are the ISO times those ages begin). */
static const struct dsql_query q_summary = {
	COMPLAINTS_CTE "SELECT v.category, COUNT(*), "
	"SUM(CASE WHEN v.at >= $4 THEN 1 ELSE 0 END), "
	"SUM(CASE WHEN v.at < $4 AND v.at >= $5 THEN 1 ELSE 0 END), "
	"SUM(CASE WHEN v.at < $5 AND v.at >= $6 THEN 1 ELSE 0 END), "
	"SUM(CASE WHEN v.at < $6 THEN 1 ELSE 0 END), MIN(v.at) FROM v "
	COMPLAINTS_WHERE "GROUP BY v.category ORDER BY COUNT(*) DESC, "
	"v.category", NULL };

static const char *const statuses[] = { "open", "closed", "baru",
    "diproses", "selesai", "ditolak", NULL };

/* The filters every complaint query takes: 0, or answered (400). */
static int
complaint_filters(struct dreq *r, const char **p, enum MHD_Result *ret)
{
	const char *const *s;

	p[0] = dweb_arg(r, "village");
	p[1] = dweb_arg(r, "category");
	p[2] = dweb_arg(r, "status");
	for (s = statuses; p[2] != NULL && *s != NULL; s++)
		if (strcmp(*s, p[2]) == 0)
			break;
	if (p[2] != NULL && *s == NULL) {
		*ret = dweb_error(r, MHD_HTTP_BAD_REQUEST, "status is one of "
		    "open, closed, baru, diproses, selesai, ditolak");
		return -1;
	}
	if ((p[0] != NULL && strlen(p[0]) > 64) || (p[1] != NULL &&
	    strlen(p[1]) > 64)) {
		*ret = dweb_error(r, MHD_HTTP_BAD_REQUEST,
		    "village and category are 64 characters at most");
		return -1;
	}
	return 0;
}

struct complaints {
	json_t	*items;
	long	 total;
	int64_t	 now;
};

static int
complaint_row(void *arg, int ncols, const char *const *v)
{
	struct complaints *c = arg;
	int64_t at = parse_iso_time(v[7]);

	(void)ncols;
	json_array_append_new(c->items, json_pack("{s:s, s:s?, s:s?, s:s?, "
	    "s:s?, s:s?, s:s?, s:s, s:s, s:I, s:b}", "village", v[0],
	    "village_name", v[1], "region", v[2], "ticket", v[3], "text", v[4],
	    "category", v[5], "status", v[6], "at", v[7], "updated_at", v[8],
	    "age", (json_int_t)(at >= 0 ? c->now - at : 0), "open",
	    strcmp(v[6], "selesai") != 0 && strcmp(v[6], "ditolak") != 0));
	c->total = atol(v[9]);
	return 0;
}

enum MHD_Result
dapi_complaints(struct dreq *r)
{
	struct complaints c = { NULL, 0, r->now };
	const char *p[5];
	char lim[24], off[24];
	enum MHD_Result ret;
	long page, per;

	if (complaint_filters(r, p, &ret) != 0)
		return ret;
	if (dweb_arg_long(r, "page", 1, 1000000, 1, &page) != 0 ||
	    dweb_arg_long(r, "per_page", 1, PER_PAGE_MAX, PER_PAGE_DEFAULT,
	    &per) != 0)
		return dweb_error(r, MHD_HTTP_BAD_REQUEST, "page is 1 or more, "
		    "per_page 1 to 200");
	p[3] = dsql_int(lim, per);
	p[4] = dsql_int(off, (page - 1) * per);
	c.items = json_array();
	if (dsql_run(ddb_sql(r->w->db), &q_complaints, 5, p, complaint_row,
	    &c) != 0) {
		json_decref(c.items);
		return store_failed(r);
	}
	return dweb_json(r, MHD_HTTP_OK, json_pack("{s:o, s:I, s:i, s:i}",
	    "items", c.items, "total", (json_int_t)c.total, "page", (int)page,
	    "per_page", (int)per));
}

static int
summary_row(void *arg, int ncols, const char *const *v)
{
	json_t *list = arg;

	(void)ncols;
	json_array_append_new(list, json_pack("{s:s?, s:I, s:[IIII], s:s?}",
	    "category", v[0], "open", (json_int_t)atol(v[1]), "ages",
	    (json_int_t)atol(v[2]), (json_int_t)atol(v[3]),
	    (json_int_t)atol(v[4]), (json_int_t)atol(v[5]), "oldest", v[6]));
	return 0;
}

enum MHD_Result
dapi_complaints_summary(struct dreq *r)
{
	char day[21], week[21], month[21];
	const char *p[6];
	enum MHD_Result ret;
	json_t *list;

	if (complaint_filters(r, p, &ret) != 0)
		return ret;
	if (p[2] == NULL)
		p[2] = "open";
	iso_time(r->now - DAY, day);
	iso_time(r->now - 7 * DAY, week);
	iso_time(r->now - 30 * DAY, month);
	p[3] = day;
	p[4] = week;
	p[5] = month;
	list = json_array();
	if (dsql_run(ddb_sql(r->w->db), &q_summary, 6, p, summary_row,
	    list) != 0) {
		json_decref(list);
		return store_failed(r);
	}
	return dweb_json(r, MHD_HTTP_OK, json_pack("{s:o, s:[ssss]}",
	    "categories", list, "age_buckets", "<1d", "1-7d", "7-30d",
	    ">30d"));
}

/* --- Kampanye: campaigns -------------------------------------------------- */

enum MHD_Result
dapi_campaigns(struct dreq *r)
{
	json_t *list = NULL;

	if (dcamp_list_json(r->w->db, &list) != 0)
		return store_failed(r);
	return dweb_json(r, MHD_HTTP_OK, json_pack("{s:o}", "items", list));
}

/* The results of the campaign named in the path: 0, or answered. */
static int
results(struct dreq *r, json_t **out, enum MHD_Result *ret)
{
	int rc = dcamp_results_json(r->w->db, r->arg, out);

	if (rc == 0)
		return 0;
	*ret = rc == DCAMP_UNKNOWN ? dweb_error(r, MHD_HTTP_NOT_FOUND,
	    "no such campaign") : store_failed(r);
	return -1;
}

enum MHD_Result
dapi_campaign(struct dreq *r)
{
	enum MHD_Result ret;
	json_t *o;

	if (results(r, &o, &ret) != 0)
		return ret;
	return dweb_json(r, MHD_HTTP_OK, o);
}

enum MHD_Result
dapi_campaign_csv(struct dreq *r)
{
	struct strbuf sb = STRBUF_INIT;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char disp[128];
	char *text;
	size_t i, len;
	json_t *o;

	if (results(r, &o, &ret) != 0)
		return ret;
	dcamp_results_csv(o, &sb);
	json_decref(o);
	len = sb.len;
	text = sb_detach(&sb);
	resp = MHD_create_response_from_buffer(len, text,
	    MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(text);
		return MHD_NO;
	}
	/* The code names the file: letters and digits only in it. */
	snprintf(disp, sizeof(disp), "attachment; filename=\"campaign-%s.csv\"",
	    r->arg);
	for (i = strlen("attachment; filename=\"campaign-"); disp[i] != '\0' &&
	    strcmp(disp + i, ".csv\"") != 0; i++)
		if (!((disp[i] >= 'A' && disp[i] <= 'Z') || (disp[i] >= 'a' &&
		    disp[i] <= 'z') || (disp[i] >= '0' && disp[i] <= '9')))
			disp[i] = '_';
	MHD_add_response_header(resp, "Content-Type", "text/csv; charset=utf-8");
	MHD_add_response_header(resp, "Content-Disposition", disp);
	return dweb_queue(r, MHD_HTTP_OK, resp);
}
