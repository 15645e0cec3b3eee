/*
 * Campaigns: one poll or survey (CONTRACT section 6 JSON) queued as an
 * update for many gateways at once (`kabar-district campaign`), and its
 * results added up across the villages asked (`kabar-district results`,
 * the district console).
 */
#ifndef KABAR_DISTRICT_CAMPAIGNS_H
#define KABAR_DISTRICT_CAMPAIGNS_H

#include <jansson.h>
#include <stdint.h>

struct ddb;

struct district_conf;

/* Named results. */
#define DCAMP_UNKNOWN	5	/* no campaign of that code */
#define DCAMP_REFUSED	6	/* bad definition or targets: why in err */

/* Which villages a campaign asks. */
enum dcamp_target { DCAMP_ALL, DCAMP_REGION, DCAMP_GATEWAYS };

/*
 * A campaign's definition checked as the villages will check it (CONTRACT
 * section 6, docs/POLLS.md): kind "poll" or "survey", text the JSON.
 * 0 with *payload (the caller's) what the villages are sent, *closes_at
 * (0: none) and *title; DCAMP_REFUSED with why in err. A campaign must
 * close at a UTC time ("...Z"): the villages keep their own time zones.
 * A survey's closes_at is the district's alone and is not sent.
 */
int	dcamp_parse(const char *kind, const char *text, json_t **payload,
	    int64_t *closes_at, char *err, size_t errsz);
/*
 * Record the campaign and queue its update for each village chosen, all
 * in one transaction: DCAMP_ALL every gateway not revoked, DCAMP_REGION
 * those of region arg, DCAMP_GATEWAYS the comma-separated ids in arg.
 * extra (n_extra ids) are gateways the configuration knows that the
 * store may not hold yet; they count as registered. 0 with *asked the
 * villages asked; DCAMP_REFUSED (an empty choice, an unknown or revoked
 * id, a code taken) with why in err; DSQL_BUSY; -1.
 */
int	dcamp_create(struct ddb *d, const char *kind, json_t *payload,
	    int64_t closes_at, enum dcamp_target target, const char *arg,
	    const char *const *extra, size_t n_extra, int64_t now,
	    int *asked, char *err, size_t errsz);
/*
 * A gateway just registered (region may be NULL): each campaign still
 * open at now aimed at every village or at its region is queued for it
 * too; a closed one, or one given by a list of ids, never. In a
 * transaction of its own: call it once the gateway's row (and its
 * updates_from) is committed. Called again it adds nothing. The
 * campaigns queued (>= 0), or -1 (nothing queued).
 */
int	dcamp_join(struct ddb *d, const char *gateway, const char *region,
	    int64_t now);

/*
 * Every campaign, newest first, into *out (the caller's, json_decref):
 * [{"code", "kind": "poll"|"survey", "title" (question or title),
 *   "created_at" ISO, "closes_at" ISO or null, "open": bool,
 *   "asked": N villages, "reported": N villages}]. 0 or -1.
 */
int	dcamp_list_json(struct ddb *d, json_t **out);
/*
 * One campaign's results into *out (the caller's): 0, DCAMP_UNKNOWN, -1.
 *   {"code", "kind", "title", "closes_at", "open",
 *    "asked": N, "reported": N,          villages asked, and that answered
 *    poll:   "options": ["Sumur bor", …],
 *            "overall": [12, 30, 4],      votes per option, in order
 *            "villages": [{"gateway", "name", "region", "votes": [..],
 *                          "total": N}, …]  every village asked, by name
 *    survey: "questions": [{"text", "type",
 *               choice: "options": [..], "overall": [counts],
 *               number: "count", "mean", "min", "max",
 *               text:   "count"}],
 *            "villages": [{"gateway", "name", "region",
 *                          "responses": N}, …]}
 */
int	dcamp_results_json(struct ddb *d, const char *code, json_t **out);
/* Those results as CSV onto sb: a poll's votes per option (village,
 * name, region, option, label, count, percent), the whole district
 * first as village "(all)"; a survey's questions (village, name, region,
 * question, type, answer, count, percent, mean, min, max), then each
 * village's responses. Text residents or staff wrote is kept from
 * running as a spreadsheet formula. */
struct strbuf;
void	dcamp_results_csv(json_t *results, struct strbuf *sb);

/* `kabar-district campaign ...` and `results ...` (argv[0] is the
 * command): the exit status. */
int	dcamp_cli(struct ddb *d, const struct district_conf *conf, int argc,
	    char **argv);

#endif
