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

/* Named results. */
#define DCAMP_UNKNOWN	5	/* no campaign of that code */

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

#endif
