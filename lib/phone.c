/*
 * Normalising phone numbers to E.164. Residents and operators type numbers
 * as 0812-3456-7890, 812 3456 7890, 62812…, +62 812… or 0062…; the network
 * shows +62… or a name. A short code (6 digits or fewer) is an operator
 * service, never a resident; a fixed line (021-555-1234) cannot send or
 * take an SMS.
 */
#include "phone.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

#define SHORTCODE_MAX 6
#define E164_MIN 8
#define E164_MAX 15
#define DIGITS_MAX 32

enum phone_kind
phone_normalise(const char *in, const char *cc, char *out, size_t outsz)
{
	char d[DIGITS_MAX + 1];
	size_t n = 0, cclen = strlen(cc), i, start = 0;
	int plus = 0, any = 0;
	const char *p;

	if (outsz > 0)
		out[0] = '\0';
	for (p = in; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (isalpha(c)) {
			/* A name: keep it trimmed, for the record. */
			size_t len;

			while (isspace((unsigned char)*in))
				in++;
			len = strlen(in);
			while (len > 0 && isspace((unsigned char)in[len - 1]))
				len--;
			if (outsz > 0) {
				if (len >= outsz)
					len = outsz - 1;
				memcpy(out, in, len);
				out[len] = '\0';
			}
			return PHONE_ALPHA;
		}
	}
	for (p = in; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (isdigit(c)) {
			if (n == DIGITS_MAX)
				return PHONE_INVALID;
			d[n++] = (char)c;
			any = 1;
		} else if (c == '+') {
			if (plus || any)
				return PHONE_INVALID;
			plus = 1;
		} else if (c == ' ' || c == '-' || c == '.' || c == '(' ||
		    c == ')' || c == '/' || c == '\t')
			continue;
		else
			return PHONE_INVALID;
	}
	d[n] = '\0';
	if (n == 0)
		return PHONE_INVALID;
	if (!plus && n <= SHORTCODE_MAX) {
		strlcpy_k(out, d, outsz);
		return PHONE_SHORTCODE;
	}
	if (outsz < PHONE_MAX)
		return PHONE_INVALID;
	if (plus) {
		snprintf(out, outsz, "+%s", d);
	} else if (n > 2 && d[0] == '0' && d[1] == '0') {
		snprintf(out, outsz, "+%s", d + 2);
	} else if (d[0] == '0') {
		snprintf(out, outsz, "+%s%s", cc, d + 1);
	} else if (n >= 10 && cclen > 0 && strncmp(d, cc, cclen) == 0) {
		snprintf(out, outsz, "+%s", d);
	} else if (strcmp(cc, "62") == 0 && d[0] == '8' && n >= 9 && n <= 12) {
		snprintf(out, outsz, "+62%s", d);
	} else {
		out[0] = '\0';
		return PHONE_INVALID;
	}
	n = strlen(out + 1);
	for (i = start; i < n; i++)
		if (!isdigit((unsigned char)out[1 + i]))
			break;
	if (n < E164_MIN || n > E164_MAX || i != n || out[1] == '0') {
		out[0] = '\0';
		return PHONE_INVALID;
	}
	/* Indonesia's mobiles are +628...; its other numbers are fixed
	 * lines. Elsewhere the plan is not known here: taken as mobile. */
	if (strcmp(cc, "62") == 0 && strncmp(out, "+62", 3) == 0 &&
	    out[3] != '8')
		return PHONE_LANDLINE;
	return PHONE_MOBILE;
}

int
phone_repliable(enum phone_kind k)
{
	return k == PHONE_MOBILE;
}

void
phone_mask(const char *e164, char *out, size_t outsz)
{
	size_t n = strlen(e164), i;

	if (outsz == 0)
		return;
	if (n < 9 || n >= PHONE_MAX) {
		strlcpy_k(out, "****", outsz);
		return;
	}
	strlcpy_k(out, e164, outsz);
	/* Keep the operator prefix and the last three digits. */
	for (i = 6; i < n - 3 && i < outsz - 1; i++)
		out[i] = '*';
}
