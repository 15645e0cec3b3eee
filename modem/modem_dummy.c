/*
 * Writing received SMS into Gammu's dummy phone, for `kabar inject`, the
 * tests and the demo. The dummy phone keeps each message as a file
 * DIR/sms/FOLDER/N in Gammu's SMS backup text format; folder 3 is the
 * phone's inbox. A file appears whole (written under a temporary name,
 * then linked to a free number), so the daemon never reads half of one.
 */
#include "modem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "smstext.h"
#include "util.h"

#define DUMMY_INBOX	3
#define DUMMY_MAX_LOC	9999
#define GSM7_PART	153
#define UCS2_PART	67
#define MAX_INJECT_PARTS 32

static int
mkdirs(const char *dir, char *err, size_t errsz)
{
	char path[4096];
	size_t i, n = strlen(dir);

	if (n >= sizeof(path)) {
		snprintf(err, errsz, "folder name too long");
		return -1;
	}
	memcpy(path, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			snprintf(err, errsz, "cannot create '%s': %s", path,
			    strerror(errno));
			return -1;
		}
		if (i < n)
			path[i] = '/';
	}
	return 0;
}

/* Units one character takes: septets in GSM-7, UTF-16 units in UCS-2. */
static int
char_units(const char *p, size_t len, int ucs2)
{
	char one[8];

	memcpy(one, p, len);
	one[len] = '\0';
	if (ucs2)
		return len == 4 ? 2 : 1;
	return gsm7_septets(one);
}

static size_t
utf8_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0)
		return 2;
	if ((c & 0xF0) == 0xE0)
		return 3;
	return 4;
}

/*
 * Split text at character boundaries into parts that fit one SMS each;
 * starts[i] is where part i begins. Returns the number of parts.
 */
static int
split_parts(const char *text, int ucs2, size_t *starts, int max)
{
	struct sms_size sz;
	int limit = ucs2 ? UCS2_PART : GSM7_PART, used = 0, n = 1;
	const char *p = text;

	sms_size(text, &sz);
	starts[0] = 0;
	if ((ucs2 ? sz.units <= 70 : sz.units <= 160) &&
	    sz.ucs2 == ucs2)
		return 1;
	while (*p != '\0') {
		size_t len = utf8_len((unsigned char)*p);
		int u = char_units(p, len, ucs2);

		if (u < 0)
			u = 1;
		if (used + u > limit) {
			if (n == max)
				return -1;
			starts[n++] = (size_t)(p - text);
			used = 0;
		}
		used += u;
		p += len;
	}
	return n;
}

static void
put_hex_text(FILE *f, const char *utf8)
{
	size_t units = strlen(utf8) * 2 + 2, i, line = 0;
	unsigned char *buf = xcalloc(units + 1, 2);
	int n = utf8_to_ucs2be(utf8, buf, units);

	/* Gammu reads Text00, Text01, ... and joins them. */
	for (i = 0; i < (size_t)(n < 0 ? 0 : n) * 2; i++) {
		if (i % 200 == 0)
			fprintf(f, "%sText%02zu = ", i ? "\n" : "", line++);
		fprintf(f, "%02X", buf[i]);
	}
	if (n <= 0)
		fprintf(f, "Text00 = ");
	fprintf(f, "\n");
	free(buf);
}

static int
write_part(const char *dir, const struct inject *in, const char *text,
    int ucs2, int ref, int seq, int total, char *err, size_t errsz)
{
	char tmp[4200], final[4200];
	struct tm tm;
	time_t t = (time_t)in->when;
	FILE *f;
	int fd, loc;

	snprintf(tmp, sizeof(tmp), "%s/sms/%d/.inject-%ld-%d", dir,
	    DUMMY_INBOX, (long)getpid(), seq);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		snprintf(err, errsz, "cannot write '%s': %s", tmp,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	gmtime_r(&t, &tm);
	fprintf(f, "[SMSBackup000]\nSMSC = \"\"\nPDU = Deliver\n");
	fprintf(f, "DateTime = %04d%02d%02dT%02d%02d%02dZ\n",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	fprintf(f, "State = UnRead\nNumber = \"%s\"\n", in->from);
	fprintf(f, "Coding = %s\n", ucs2 ? "Unicode_No_Compression" :
	    "Default_No_Compression");
	if (total > 1)
		fprintf(f, "UDH = 050003%02X%02X%02X\n", ref & 0xFF, total,
		    seq);
	put_hex_text(f, text);
	fprintf(f, "Folder = %d\nLength = %zu\nClass = -1\n", DUMMY_INBOX,
	    utf8_chars(text));
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		snprintf(err, errsz, "cannot write '%s': %s", tmp,
		    strerror(errno));
		fclose(f);
		unlink(tmp);
		return -1;
	}
	fclose(f);
	for (loc = 1; loc <= DUMMY_MAX_LOC; loc++) {
		snprintf(final, sizeof(final), "%s/sms/%d/%d", dir, DUMMY_INBOX,
		    loc);
		if (link(tmp, final) == 0)
			break;
		if (errno != EEXIST) {
			snprintf(err, errsz, "cannot place '%s': %s", final,
			    strerror(errno));
			unlink(tmp);
			return -1;
		}
	}
	unlink(tmp);
	if (loc > DUMMY_MAX_LOC) {
		snprintf(err, errsz, "the dummy phone's inbox is full");
		return -1;
	}
	return 0;
}

int
modem_dummy_inject(const char *dir, const struct inject *in, char *err,
    size_t errsz)
{
	char sub[4200];
	size_t starts[MAX_INJECT_PARTS + 1];
	struct sms_size sz;
	int ucs2, n, i, written = 0, ref = in->ref;

	snprintf(sub, sizeof(sub), "%s/sms/%d", dir, DUMMY_INBOX);
	if (mkdirs(sub, err, errsz) != 0)
		return -1;
	sms_size(in->text, &sz);
	ucs2 = sz.ucs2 || in->ucs2;
	n = split_parts(in->text, ucs2, starts, MAX_INJECT_PARTS);
	if (n < 0) {
		snprintf(err, errsz, "the text is longer than %d SMS",
		    MAX_INJECT_PARTS);
		return -1;
	}
	starts[n] = strlen(in->text);
	if (in->only_part > n) {
		snprintf(err, errsz, "the text has only %d part%s", n,
		    n == 1 ? "" : "s");
		return -1;
	}
	if (ref == 0)
		ref = (int)(((unsigned)time(NULL) ^ (unsigned)getpid()) % 255)
		    + 1;
	for (i = 0; i < n; i++) {
		char *part;

		if (in->only_part != 0 && in->only_part != i + 1)
			continue;
		part = xstrndup(in->text + starts[i], starts[i + 1] - starts[i]);
		if (write_part(dir, in, part, ucs2, ref, i + 1, n, err,
		    errsz) != 0) {
			free(part);
			return -1;
		}
		free(part);
		written++;
	}
	return written;
}
