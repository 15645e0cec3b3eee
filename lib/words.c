/*
 * The keyword parser. Keywords are plain ASCII; anything else in the
 * keyword position simply ends it, so a message in any script still gets
 * the hint rather than a crash or a wrong match.
 */
#include "words.h"

#include <ctype.h>
#include <string.h>

#include "smstext.h"
#include "util.h"

/* Typos are forgiven only in keywords at least this long. */
#define TYPO_MIN_LEN 4

static int
is_alnum(unsigned char c)
{
	return c < 0x80 && isalnum(c);
}

static int
is_sep(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '.' ||
	    c == '#' || c == '*' || c == ',';
}

void
parse_words(const char *text, struct sms_words *w)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t n = 0, len;

	memset(w, 0, sizeof(*w));
	while (*p != '\0' && !is_alnum(*p)) {
		/* A word that starts with a non-ASCII letter is no keyword. */
		if (*p >= 0x80) {
			const unsigned char *q = p;

			while (*q >= 0x80)
				q++;
			if (is_alnum(*q))
				goto rest;
			p = q;
			continue;
		}
		p++;
	}
	while (is_alnum(*p)) {
		if (n < KW_MAX - 1)
			w->kw[n++] = (char)toupper(*p);
		else
			w->kw_long = 1;
		p++;
	}
rest:
	w->kw[n] = '\0';
	/* One separator run after the keyword; '#' stays, it marks a group. */
	while (*p != '\0' && is_sep(*p) && *p != '#')
		p++;
	w->rest = (const char *)p;
	len = strlen(w->rest);
	while (len > 0 && (isspace((unsigned char)w->rest[len - 1]) ||
	    strchr(".,!?", w->rest[len - 1]) != NULL))
		len--;
	w->rest_len = len;
}

int
kw_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;

	if (strcmp(a, b) == 0)
		return 0;
	if (la == lb) {
		size_t diff = 0, first = 0;

		for (i = 0; i < la; i++)
			if (a[i] != b[i] && diff++ == 0)
				first = i;
		if (diff == 1)
			return 1;
		if (diff == 2 && first + 1 < la && a[first] == b[first + 1] &&
		    a[first + 1] == b[first] &&
		    strcmp(a + first + 2, b + first + 2) == 0)
			return 1;
		return 2;
	}
	if (la + 1 == lb || lb + 1 == la) {
		const char *s = la < lb ? a : b, *l = la < lb ? b : a;

		for (i = 0; s[i] != '\0' && s[i] == l[i]; i++)
			;
		return strcmp(s + i, l + i + 1) == 0 ? 1 : 2;
	}
	return 2;
}

int
kw_lookup(const char *typed, const char *const *names, size_t n)
{
	size_t i;
	int found = -1;

	if (typed[0] == '\0')
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(typed, names[i]) == 0)
			return (int)i;
	if (strlen(typed) < TYPO_MIN_LEN - 1)
		return -1;
	for (i = 0; i < n; i++) {
		if (strlen(names[i]) < TYPO_MIN_LEN ||
		    kw_distance(typed, names[i]) != 1)
			continue;
		if (found >= 0 && strcmp(names[found], names[i]) != 0)
			return -1;	/* two keywords fit: ask, do not guess */
		found = (int)i;
	}
	return found;
}

int
next_word(const char **pp, char *out, size_t outsz)
{
	const char *p = *pp;
	size_t n = 0;

	while (*p != '\0' && (is_sep((unsigned char)*p) || *p == ';') &&
	    *p != '#')
		p++;
	if (*p == '\0') {
		*pp = p;
		if (outsz > 0)
			out[0] = '\0';
		return -1;
	}
	if (*p == '#')
		p++;
	while (*p != '\0' && !is_sep((unsigned char)*p) && *p != ';') {
		if (n + 1 < outsz)
			out[n++] = *p;
		p++;
	}
	/* A word cut short never ends in half a character. */
	while (n > 0 && !utf8_valid(out, n))
		n--;
	if (outsz > 0)
		out[n] = '\0';
	*pp = p;
	return 0;
}

char *
squeeze_spaces(char *s)
{
	char *r = s, *w = s;
	int space = 0;

	while (*r != '\0' && isspace((unsigned char)*r))
		r++;
	for (; *r != '\0'; r++) {
		if (isspace((unsigned char)*r)) {
			space = 1;
			continue;
		}
		if (space && w != s)
			*w++ = ' ';
		space = 0;
		*w++ = *r;
	}
	*w = '\0';
	return s;
}
