/*
 * The checks of single configuration values: each says why a value is
 * wrong, in words an operator can act on.
 */
#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config_int.h"
#include "phone.h"
#include "pin.h"
#include "util.h"

int
check_language(const char *v, char *why, size_t whysz)
{
	if (strcmp(v, "id") == 0 || strcmp(v, "en") == 0)
		return 0;
	snprintf(why, whysz, "must be \"id\" or \"en\"");
	return -1;
}

int
check_digits(const char *v, char *why, size_t whysz)
{
	size_t i;

	for (i = 0; v[i] != '\0'; i++)
		if (!isdigit((unsigned char)v[i]))
			break;
	if (i > 0 && i <= 3 && v[i] == '\0')
		return 0;
	snprintf(why, whysz, "must be 1 to 3 digits, like \"62\"");
	return -1;
}

int
check_timezone(const char *v, char *why, size_t whysz)
{
	char path[512];

	if (strstr(v, "..") != NULL || v[0] == '/') {
		snprintf(why, whysz, "is not a time zone name");
		return -1;
	}
	/* Without tzdata there is nothing to check against. */
	if (access("/usr/share/zoneinfo", F_OK) != 0)
		return 0;
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", v);
	if (access(path, R_OK) == 0)
		return 0;
	snprintf(why, whysz, "is not a known time zone (try \"Asia/Jakarta\")");
	return -1;
}

int
parse_hhmm(const char *s, int *minutes)
{
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
	    s[2] != ':' || !isdigit((unsigned char)s[3]) ||
	    !isdigit((unsigned char)s[4]))
		return -1;
	*minutes = ((s[0] - '0') * 10 + s[1] - '0') * 60 +
	    (s[3] - '0') * 10 + s[4] - '0';
	return (s[0] - '0') * 10 + s[1] - '0' < 24 &&
	    (s[3] - '0') * 10 + s[4] - '0' < 60 ? 0 : -1;
}

int
check_hours(const char *v, char *why, size_t whysz)
{
	int a, b;

	if (v[0] == '\0')
		return 0;
	if (strlen(v) == 11 && v[5] == '-' && parse_hhmm(v, &a) == 0 &&
	    parse_hhmm(v + 6, &b) == 0)
		return 0;
	snprintf(why, whysz, "must look like \"21:00-06:00\" or be \"\"");
	return -1;
}

/* 1 when v is not empty and holds only letters, digits and extra. */
static int
alnum_and(const char *v, const char *extra)
{
	size_t i;

	for (i = 0; v[i] != '\0'; i++)
		if (!isalnum((unsigned char)v[i]) &&
		    strchr(extra, v[i]) == NULL)
			return 0;
	return i > 0;
}

int
check_name(const char *v, char *why, size_t whysz)
{
	if (alnum_and(v, "-_"))
		return 0;
	snprintf(why, whysz, "may hold only letters, digits, - and _");
	return -1;
}

int
check_pin(const char *v, char *why, size_t whysz)
{
	size_t i, n = strlen(v);

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)v[i]))
			break;
	if (i == n && n >= 4 && n <= 8)
		return 0;
	snprintf(why, whysz, "must be 4 to 8 digits");
	return -1;
}

int
check_role(const char *v, char *why, size_t whysz)
{
	if (strcmp(v, "head") == 0 || strcmp(v, "staff") == 0 ||
	    strcmp(v, "office") == 0)
		return 0;
	snprintf(why, whysz, "must be \"head\", \"staff\" or \"office\"");
	return -1;
}

int
check_listen(const char *v, char *why, size_t whysz)
{
	const char *colon = strrchr(v, ':');
	long port;

	if (colon != NULL && colon != v &&
	    parse_long(colon + 1, 1, 65535, &port) == 0)
		return 0;
	snprintf(why, whysz, "must be HOST:PORT, like \"127.0.0.1:8080\"");
	return -1;
}

int
check_url(const char *v, char *why, size_t whysz)
{
	if (v[0] == '\0' || strncmp(v, "http://", 7) == 0 ||
	    strncmp(v, "https://", 8) == 0)
		return 0;
	snprintf(why, whysz, "must start with https:// (or http:// on "
	    "loopback), or be \"\" to keep records in the village");
	return -1;
}

/* An operator's number prefix: 08xx, 628xx or +628xx. */
int
check_prefix(const char *v, char *why, size_t whysz)
{
	size_t i = v[0] == '+';

	for (; v[i] != '\0'; i++)
		if (v[i] < '0' || v[i] > '9')
			break;
	if (v[i] == '\0' && (v[0] == '0' || v[0] == '+' || v[0] == '6'))
		return 0;
	snprintf(why, whysz, "must be digits like \"0812\" or \"+62812\"");
	return -1;
}

int
check_ussd(const char *v, char *why, size_t whysz)
{
	if (v[0] == '\0' || (strspn(v, "0123456789*#") == strlen(v) &&
	    v[strlen(v) - 1] == '#'))
		return 0;
	snprintf(why, whysz, "must be a USSD code like \"*888#\"");
	return -1;
}

int
check_regex(const char *v, char *why, size_t whysz)
{
	regex_t re;
	int ok;

	if (regcomp(&re, v, REG_EXTENDED) == 0) {
		ok = re.re_nsub >= 1;
		regfree(&re);
		if (ok)
			return 0;
	}
	snprintf(why, whysz, "must be an extended regular expression with one "
	    "(group) around the amount");
	return -1;
}

/* What a resident's keypad puts in the keyword position (lib/words.c). */
int
check_word(const char *v, char *why, size_t whysz)
{
	if (alnum_and(v, ""))
		return 0;
	snprintf(why, whysz, "may hold only letters and digits, as a keyword "
	    "is typed");
	return -1;
}
