/*
 * Decoding form bodies: '&' between fields, '=' between name and value,
 * '+' for a space, %XX for a byte.
 */
#include "form.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "smstext.h"
#include "util.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode s[0..n) into a new string; NULL when malformed. */
static char *
decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1);
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '+')
			out[o++] = ' ';
		else if (s[i] == '%') {
			int hi, lo;

			if (i + 2 >= n) {
				free(out);
				return NULL;
			}
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
				free(out);
				return NULL;
			}
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else
			out[o++] = s[i];
	}
	out[o] = '\0';
	if (!utf8_valid(out, o)) {
		free(out);
		return NULL;
	}
	return out;
}

int
form_parse(const char *body, size_t len, struct form *f)
{
	size_t i = 0;

	memset(f, 0, sizeof(*f));
	while (i < len) {
		size_t end = i, eq;
		char *name, *value;

		while (end < len && body[end] != '&')
			end++;
		if (end > i) {
			for (eq = i; eq < end && body[eq] != '='; eq++)
				;
			if (f->n == FORM_MAX_FIELDS)
				return -1;
			name = decode(body + i, eq - i);
			value = decode(body + (eq < end ? eq + 1 : end),
			    eq < end ? end - eq - 1 : 0);
			if (name == NULL || value == NULL || name[0] == '\0') {
				free(name);
				free(value);
				return -1;
			}
			f->name[f->n] = name;
			f->value[f->n] = value;
			f->n++;
		}
		i = end + 1;
	}
	return 0;
}

const char *
form_get(const struct form *f, const char *name)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0)
			return f->value[i];
	return NULL;
}

void
form_free(struct form *f)
{
	int i;

	for (i = 0; i < f->n; i++) {
		free(f->name[i]);
		free(f->value[i]);
	}
	f->n = 0;
}
