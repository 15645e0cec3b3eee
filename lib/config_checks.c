/*
 * The checks of single configuration values: each says why a value is
 * wrong, in words an operator can act on.
 */
#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
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

/*
 * A Gammu connection name, as libgammu's GSM_RegisterAllConnections
 * reads it (gsmstate.c): a name of its table, or "at" with a serial
 * speed ("at115200"), either with "-nodtr" or "-nopower" after it, in
 * any case. Checked here so that a typo ("at-115200") is told by
 * --check, not by a modem that never comes up.
 */
static const char *const gammu_connections[] = {
	"at", "mbus", "fbus", "fbususb", "fbuspl2303", "dlr3", "fbusdlr3",
	"dku5", "fbusdku5", "dku5fbus", "ark3116fbus", "dku2", "dku2phonet",
	"dku2at", "fbusblue", "phonetblue", "blueobex", "bluephonet",
	"blueat", "bluerfobex", "bluefbus", "bluerffbus", "bluerfphonet",
	"bluerfat", "bluerfgnapbus", "blues60", "infrared", "fbusirda",
	"irda", "irdaphonet", "irdaat", "irdaobex", "irdagnapbus", "none",
	NULL
};

/* The speeds libgammu's FindSerialSpeed knows. */
static const long serial_speeds[] = { 50, 75, 110, 134, 150, 200, 300,
	600, 1200, 1800, 2400, 3600, 4800, 7200, 9600, 14400, 19200, 28800,
	38400, 57600, 115200, 230400, 460800, 500000, 576000, 921600,
	1000000, 1152000, 1500000, 2000000, 2500000, 3000000, 3500000,
	4000000 };

int
check_connection(const char *v, char *why, size_t whysz)
{
	char name[65], *cut;
	const char *const *c;
	long speed;
	size_t i;

	strlcpy_k(name, v, sizeof(name));
	for (i = 0; name[i] != '\0'; i++)
		name[i] = (char)tolower((unsigned char)name[i]);
	if ((cut = strstr(name, "-nodtr")) != NULL)
		memmove(cut, cut + 6, strlen(cut + 6) + 1);
	if ((cut = strstr(name, "-nopower")) != NULL)
		memmove(cut, cut + 8, strlen(cut + 8) + 1);
	for (c = gammu_connections; *c != NULL; c++)
		if (strcmp(name, *c) == 0)
			return 0;
	if (strncmp(name, "at", 2) == 0 &&
	    parse_long(name + 2, 1, 4000000, &speed) == 0)
		for (i = 0; i < ARRAY_LEN(serial_speeds); i++)
			if (serial_speeds[i] == speed)
				return 0;
	snprintf(why, whysz, "is not a Gammu connection: a USB or serial "
	    "modem is \"at\", or \"at\" with a speed (\"at115200\", "
	    "\"at19200\"); \"none\" with model \"dummy\" is the test phone "
	    "(others: fbus, dku2, blueat, irdaat ...; \"-nodtr\" or "
	    "\"-nopower\" may follow)");
	return -1;
}

int
config_device_missing(const struct modem_conf *mc)
{
	struct stat st;

	/* A dummy phone's folder is made at start; Bluetooth and IrDA
	 * devices are addresses, not files. */
	if (strcasecmp(mc->connection, "none") == 0 || mc->device[0] != '/')
		return 0;
	return stat(mc->device, &st) != 0;
}
