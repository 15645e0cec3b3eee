/*
 * A campaign's poll or survey checked at the district before it is
 * queued: a definition a village would refuse reaches every village and
 * is passed over by each of them, so the district holds it to the
 * villages' rules (CONTRACT section 6, docs/POLLS.md) itself. district/
 * sits beside the village's services, not above them, so the rules are
 * written again here; the limits are the ones services/poll.c and
 * services/survey.c keep.
 */
#include "district_campaigns.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "keywords.h"
#include "smstext.h"
#include "util.h"
#include "words.h"

#define CODE_MIN 2
#define CODE_MAX 12
#define QUESTION_MAX 300
#define OPTION_MAX 40
#define OPTIONS_MIN 2
#define OPTIONS_MAX 9
#define TITLE_MAX 80
#define QTEXT_MAX 120
#define QUESTIONS_MAX 20

static const char *const poll_keys[] = { "code", "question", "options",
	"closes_at", "group", "public_results", "send", NULL };
static const char *const poll_need[] = { "code", "question", "options",
	NULL };
/* "send" and "group" are the village's to act on (sync_apply.c);
 * closes_at is the district's alone. */
static const char *const survey_keys[] = { "code", "title", "questions",
	"send", "group", "closes_at", NULL };
static const char *const survey_need[] = { "code", "title", "questions",
	NULL };
static const char *const question_keys[] = { "text", "type", "options",
	"min", "max", NULL };
static const char *const question_need[] = { "text", "type", NULL };

/* The keys of o are all in keys, those of need there: else why. */
static int
keys_ok(json_t *o, const char *const *keys, const char *const *need,
    const char *where, char *err, size_t errsz)
{
	const char *key;
	json_t *v;
	size_t n = 0, i;
	int near;

	if (!json_is_object(o)) {
		snprintf(err, errsz, "%s must be a JSON object {...}", where);
		return DCAMP_REFUSED;
	}
	while (keys[n] != NULL)
		n++;
	json_object_foreach(o, key, v) {
		struct strbuf all = STRBUF_INIT;

		for (i = 0; i < n && strcmp(key, keys[i]) != 0; i++)
			;
		if (i < n)
			continue;
		for (i = 0; i < n; i++)
			sb_addf(&all, "%s%s", i ? ", " : "", keys[i]);
		near = kw_lookup(key, keys, n);
		snprintf(err, errsz, "%s: unknown key \"%s\"%s%s%s (the keys "
		    "are: %s)", where, key, near >= 0 ? "; did you mean \"" :
		    "", near >= 0 ? keys[near] : "", near >= 0 ? "\"?" : "",
		    sb_str(&all));
		sb_free(&all);
		return DCAMP_REFUSED;
	}
	for (; *need != NULL; need++)
		if (json_object_get(o, *need) == NULL) {
			snprintf(err, errsz, "%s: \"%s\" is missing", where,
			    *need);
			return DCAMP_REFUSED;
		}
	return 0;
}

/* A text of 1 to max characters (UTF-8). */
static int
text_ok(json_t *v, size_t max)
{
	const char *s = json_string_value(v);

	return s != NULL && s[0] != '\0' && utf8_valid(s, strlen(s)) &&
	    utf8_chars(s) <= max;
}

static int
options_ok(json_t *opts, const char *where, char *err, size_t errsz)
{
	json_t *v;
	size_t i;

	if (!json_is_array(opts) || json_array_size(opts) < OPTIONS_MIN ||
	    json_array_size(opts) > OPTIONS_MAX) {
		snprintf(err, errsz, "%s: options must be a list of %d to %d "
		    "texts", where, OPTIONS_MIN, OPTIONS_MAX);
		return DCAMP_REFUSED;
	}
	json_array_foreach(opts, i, v)
		if (!text_ok(v, OPTION_MAX)) {
			snprintf(err, errsz, "%s: option %zu must be 1 to %d "
			    "characters", where, i + 1, OPTION_MAX);
			return DCAMP_REFUSED;
		}
	return 0;
}

static int
code_ok(json_t *v, const char *where, char *err, size_t errsz)
{
	const char *code = json_string_value(v);
	size_t i, n = code ? strlen(code) : 0;

	for (i = 0; i < n; i++)
		if (!isupper((unsigned char)code[i]) &&
		    !isdigit((unsigned char)code[i]))
			break;
	if (n < CODE_MIN || n > CODE_MAX || i != n) {
		snprintf(err, errsz, "%s: code must be %d to %d capital letters "
		    "or digits", where, CODE_MIN, CODE_MAX);
		return DCAMP_REFUSED;
	}
	if (keyword_resolve(NULL, code) != NULL) {
		snprintf(err, errsz, "%s: code %s would be taken for the "
		    "keyword %s in every village", where, code,
		    keyword_resolve(NULL, code));
		return DCAMP_REFUSED;
	}
	return 0;
}

/* closes_at: absent or null, else a UTC time in the future. */
static int
closes_ok(json_t *v, const char *where, int64_t *out, char *err,
    size_t errsz)
{
	const char *s = json_string_value(v);

	*out = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (s == NULL || strlen(s) != 20 || (*out = parse_iso_time(s)) < 0) {
		snprintf(err, errsz, "%s: closes_at must be a UTC time like "
		    "\"2026-12-08T10:00:00Z\" (villages keep their own time "
		    "zones: WIB, WITA, WIT), or null", where);
		return DCAMP_REFUSED;
	}
	if (*out <= now_wall()) {
		snprintf(err, errsz, "%s: closes_at %s has passed", where, s);
		return DCAMP_REFUSED;
	}
	return 0;
}

static int
question_ok(json_t *q, size_t i, char *err, size_t errsz)
{
	char where[48];
	const char *type;
	json_t *min, *max;

	snprintf(where, sizeof(where), "survey: question %zu", i + 1);
	if (keys_ok(q, question_keys, question_need, where, err, errsz) != 0)
		return DCAMP_REFUSED;
	if (!text_ok(json_object_get(q, "text"), QTEXT_MAX)) {
		snprintf(err, errsz, "%s: text must be 1 to %d characters",
		    where, QTEXT_MAX);
		return DCAMP_REFUSED;
	}
	type = json_string_value(json_object_get(q, "type"));
	min = json_object_get(q, "min");
	max = json_object_get(q, "max");
	if (type != NULL && strcmp(type, "choice") == 0)
		return options_ok(json_object_get(q, "options"), where, err,
		    errsz);
	if (json_object_get(q, "options") != NULL && type != NULL &&
	    (strcmp(type, "number") == 0 || strcmp(type, "text") == 0)) {
		snprintf(err, errsz, "%s: options belong to a choice", where);
		return DCAMP_REFUSED;
	}
	if (type != NULL && strcmp(type, "number") == 0) {
		if ((min != NULL && !json_is_integer(min)) || (max != NULL &&
		    !json_is_integer(max)) || (min != NULL && max != NULL &&
		    json_integer_value(min) > json_integer_value(max))) {
			snprintf(err, errsz, "%s: min and max must be whole "
			    "numbers, min <= max", where);
			return DCAMP_REFUSED;
		}
		return 0;
	}
	if (type != NULL && strcmp(type, "text") == 0 && min == NULL &&
	    max == NULL)
		return 0;
	snprintf(err, errsz, "%s: type must be choice, number or text (min "
	    "and max for a number only)", where);
	return DCAMP_REFUSED;
}

static int
poll_ok(json_t *o, int64_t *closes, char *err, size_t errsz)
{
	json_t *v;

	if (keys_ok(o, poll_keys, poll_need, "poll", err, errsz) != 0 ||
	    code_ok(json_object_get(o, "code"), "poll", err, errsz) != 0)
		return DCAMP_REFUSED;
	if (!text_ok(json_object_get(o, "question"), QUESTION_MAX)) {
		snprintf(err, errsz, "poll: question must be 1 to %d "
		    "characters", QUESTION_MAX);
		return DCAMP_REFUSED;
	}
	if (options_ok(json_object_get(o, "options"), "poll", err, errsz) != 0)
		return DCAMP_REFUSED;
	if (((v = json_object_get(o, "public_results")) != NULL &&
	    !json_is_boolean(v)) || ((v = json_object_get(o, "send")) !=
	    NULL && !json_is_boolean(v))) {
		snprintf(err, errsz, "poll: public_results and send must be "
		    "true or false");
		return DCAMP_REFUSED;
	}
	return closes_ok(json_object_get(o, "closes_at"), "poll", closes, err,
	    errsz);
}

static int
survey_ok(json_t *o, int64_t *closes, char *err, size_t errsz)
{
	json_t *qs, *q, *v;
	size_t i;

	if (keys_ok(o, survey_keys, survey_need, "survey", err, errsz) != 0 ||
	    code_ok(json_object_get(o, "code"), "survey", err, errsz) != 0)
		return DCAMP_REFUSED;
	if (!text_ok(json_object_get(o, "title"), TITLE_MAX)) {
		snprintf(err, errsz, "survey: title must be 1 to %d characters",
		    TITLE_MAX);
		return DCAMP_REFUSED;
	}
	qs = json_object_get(o, "questions");
	if (!json_is_array(qs) || json_array_size(qs) < 1 ||
	    json_array_size(qs) > QUESTIONS_MAX) {
		snprintf(err, errsz, "survey: questions must be a list of 1 to "
		    "%d", QUESTIONS_MAX);
		return DCAMP_REFUSED;
	}
	json_array_foreach(qs, i, q)
		if (question_ok(q, i, err, errsz) != 0)
			return DCAMP_REFUSED;
	if ((v = json_object_get(o, "send")) != NULL && !json_is_boolean(v)) {
		snprintf(err, errsz, "survey: send must be true or false");
		return DCAMP_REFUSED;
	}
	if (closes_ok(json_object_get(o, "closes_at"), "survey", closes, err,
	    errsz) != 0)
		return DCAMP_REFUSED;
	json_object_del(o, "closes_at");
	return 0;
}

int
dcamp_parse(const char *kind, const char *text, json_t **payload,
    int64_t *closes_at, char *err, size_t errsz)
{
	json_error_t je;
	json_t *o, *grp;
	int poll = strcmp(kind, "poll") == 0, rc;

	*payload = NULL;
	if (!poll && strcmp(kind, "survey") != 0) {
		snprintf(err, errsz, "a campaign is a poll or a survey, not "
		    "\"%s\"", kind);
		return DCAMP_REFUSED;
	}
	if ((o = json_loads(text, JSON_REJECT_DUPLICATES, &je)) == NULL) {
		snprintf(err, errsz, "%s: not JSON (line %d: %s)", kind,
		    je.line, je.text);
		return DCAMP_REFUSED;
	}
	rc = poll ? poll_ok(o, closes_at, err, errsz) : survey_ok(o,
	    closes_at, err, errsz);
	grp = json_object_get(o, "group");
	if (rc == 0 && grp != NULL && !json_is_null(grp) && !json_is_string(
	    grp)) {
		snprintf(err, errsz, "%s: group must be a text or null", kind);
		rc = DCAMP_REFUSED;
	}
	if (rc != 0) {
		json_decref(o);
		return rc;
	}
	*payload = o;
	return 0;
}
