/*
 * The process's clock and the rules that set it (see clock.h): what the
 * system says about its own clock, which source the time rests on, and
 * what a reading from the network or the district does to it.
 */
#include "clock.h"

#include <sys/stat.h>
#include <sys/timex.h>

#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define BOOT_ID		"/proc/sys/kernel/random/boot_id"
#define RTC		"/sys/class/rtc/rtc0"

/* Where a board without a real-time clock keeps the time it last saw,
 * to set the clock from at boot: after a power cut that is where the
 * board stopped, however long it was off. */
static const char *const restorers[] = {
	"/etc/fake-hwclock.data",		/* fake-hwclock */
	"/var/lib/systemd/timesync/clock",	/* systemd-timesyncd */
};

static const struct {
	const char	*name;
	const char	*text;
} sources[] = {
	[CLOCK_NONE] = { "none", "nothing yet: the time is not known" },
	[CLOCK_SYSTEM] = { "system", "the system clock, unchecked" },
	[CLOCK_SMS] = { "sms", "an SMS time stamp (the mobile network)" },
	[CLOCK_DISTRICT] = { "district", "the district's clock" },
	[CLOCK_MODEM] = { "modem", "the modem's clock (the mobile network)" },
	[CLOCK_NTP] = { "ntp", "the system clock, kept by NTP" },
};

/*
 * The process's clock: what it believes the time is, one value for every
 * thread as the kernel's clock is one for every process. It is the only
 * state here: db_clock.c sets it from the note, now_wall() reads it on any
 * thread, hence atomics. The base is the true time minus CLOCK_BOOTTIME,
 * or CLOCK_UNANCHORED for the system clock as it is.
 */
static _Atomic int64_t clock_base = CLOCK_UNANCHORED;
static atomic_int clock_src = CLOCK_NONE;

static int64_t
boot_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (int64_t)ts.tv_sec;
}

/* The seconds since the epoch, as this process best knows them. Declared
 * in util.h with the other clocks; it lives here, beside its state. */
int64_t
now_wall(void)
{
	int64_t base = atomic_load(&clock_base);

	if (base == CLOCK_UNANCHORED)
		return (int64_t)time(NULL);
	return boot_seconds() + base;
}

void
clock_use(enum clock_source src, int64_t base)
{
	atomic_store(&clock_base, base);
	atomic_store(&clock_src, (int)src);
}

int
clock_known(void)
{
	return atomic_load(&clock_src) != CLOCK_NONE;
}

enum clock_source
clock_source(void)
{
	return (enum clock_source)atomic_load(&clock_src);
}

int64_t
clock_correction(void)
{
	return now_wall() - (int64_t)time(NULL);
}

const char *
clock_source_name(enum clock_source src)
{
	return sources[src].name;
}

const char *
clock_source_text(enum clock_source src)
{
	return sources[src].text;
}

/* The kernel's word: TIME_ERROR or STA_UNSYNC while nothing keeps it. */
static int
kernel_synced(void)
{
	struct timex tx;
	int rc;

	memset(&tx, 0, sizeof(tx));
	rc = adjtimex(&tx);
	return rc != -1 && rc != TIME_ERROR && !(tx.status & STA_UNSYNC);
}

void
clock_facts_read(struct clock_facts *f)
{
	struct stat st;
	FILE *fp;
	size_t i;

	memset(f, 0, sizeof(*f));
	if ((fp = fopen(BOOT_ID, "r")) != NULL) {
		if (fgets(f->boot, sizeof(f->boot), fp) == NULL)
			f->boot[0] = '\0';
		f->boot[strcspn(f->boot, "\n")] = '\0';
		fclose(fp);
	}
	f->sys = (int64_t)time(NULL);
	f->up = boot_seconds();
	f->ntp = kernel_synced();
	f->rtc = access(RTC, F_OK) == 0;
	for (i = 0; i < ARRAY_LEN(restorers); i++)
		if (access(restorers[i], F_OK) == 0)
			f->restored = 1;
	/* This program was installed then: the time is not before. */
	f->floor = CLOCK_EPOCH;
	if (stat("/proc/self/exe", &st) == 0 && st.st_mtime > f->floor)
		f->floor = (int64_t)st.st_mtime;
}

static int
note_of_this_boot(const struct clock_facts *f, const struct clock_note *n)
{
	return n->source != CLOCK_NONE && n->boot[0] != '\0' &&
	    strcmp(n->boot, f->boot) == 0;
}

enum clock_source
clock_judge(const struct clock_facts *f, const struct clock_note *n,
    int64_t *base)
{
	*base = CLOCK_UNANCHORED;
	if (f->ntp)
		return CLOCK_NTP;
	if (note_of_this_boot(f, n)) {
		*base = n->base;
		return n->source;
	}
	if (f->sys >= f->floor && (f->rtc || !f->restored))
		return CLOCK_SYSTEM;
	return CLOCK_NONE;
}

static void
note_set(struct clock_note *n, const struct clock_facts *f,
    enum clock_source src, int64_t truth, int64_t at)
{
	strlcpy_k(n->boot, f->boot, sizeof(n->boot));
	n->base = truth - f->up;
	n->source = src;
	n->at = at;
}

/*
 * A time stamp is when the SMSC took the message: the time now is at
 * least that, so one ahead of the clock proves the clock behind, and one
 * a little behind agrees with it. The modem's clock and the district's
 * are the time itself, either way. Nothing moves a clock NTP keeps, and
 * a reading before CLOCK_EPOCH comes from a broken clock. (The floor is
 * for the system clock only: an install made under a clock running ahead
 * must not lock every reading out.)
 */
enum clock_take
clock_take(const struct clock_facts *f, struct clock_note *n,
    enum clock_source src, int64_t t)
{
	enum clock_source cur;
	int64_t base, ours, d;

	cur = clock_judge(f, n, &base);
	if (t < CLOCK_EPOCH || (cur == CLOCK_NTP && src != CLOCK_NTP))
		return CLOCK_IGNORED;
	ours = base == CLOCK_UNANCHORED ? f->sys : f->up + base;
	d = t - ours;
	if (d > CLOCK_SLOP_S || (src != CLOCK_SMS && d < -CLOCK_SLOP_S)) {
		/* Overruled: an SMSC's clock against the modem's, say. */
		if (src < cur)
			return CLOCK_IGNORED;
		note_set(n, f, src, t, t);
		return CLOCK_STEPPED;
	}
	if (d < -CLOCK_SMS_FRESH_S)
		return CLOCK_IGNORED;	/* a message that waited */
	if (src < cur || (note_of_this_boot(f, n) && n->source == src &&
	    t - n->at < CLOCK_NOTE_EVERY_S))
		return CLOCK_IGNORED;
	note_set(n, f, src, ours, t);
	return CLOCK_CONFIRMED;
}

int
clock_zone_is_local(int64_t t, int zone_s)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL)
		return 0;
	return tm.tm_gmtoff == zone_s;
}

void
clock_note_format(const struct clock_note *n, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s %" PRId64 " %s %" PRId64, n->boot, n->base,
	    clock_source_name(n->source), n->at);
}

int
clock_note_parse(const char *s, struct clock_note *n)
{
	char name[16];
	size_t i;

	memset(n, 0, sizeof(*n));
	if (sscanf(s, "%39s %" SCNd64 " %15s %" SCNd64, n->boot, &n->base,
	    name, &n->at) != 4)
		goto bad;
	for (i = 0; i < ARRAY_LEN(sources); i++)
		if (strcmp(name, sources[i].name) == 0) {
			n->source = (enum clock_source)i;
			return 0;
		}
bad:
	memset(n, 0, sizeof(*n));
	return -1;
}
