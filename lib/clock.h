/*
 * The true time, for boards with no real-time clock. A Raspberry Pi that
 * lost power starts in 1970, or where fake-hwclock last saved it, and
 * stays there while it has no network; quiet hours, the budget's day,
 * poll closing times and every record's `at` would follow it. So
 * now_wall() is the system clock only while that can be believed, and
 * otherwise the time the best source told in this boot: NTP, the modem's
 * clock (set by the network), the district's Date header, the SMSC time
 * stamps of received messages. Until something tells it, the time is
 * not known and broadcasts wait.
 *
 * What was learnt is a note kept in the database (db_clock.c) with the
 * boot it belongs to, so that kabard's threads, the modem workers and the
 * CLI agree. The correction counts from CLOCK_BOOTTIME, which nobody sets:
 * when NTP or an operator steps the system clock later, ours does not
 * move with it.
 *
 * The decisions (clock_judge, clock_take) are pure functions of what the
 * system says (struct clock_facts) and the note, for the unit tests.
 */
#ifndef KABAR_CLOCK_H
#define KABAR_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/* Readings closer than this to the clock agree with it. */
#define CLOCK_SLOP_S		30
/* An SMS time stamp this far behind the clock is a fresh message's;
 * further, one that waited at the SMSC, which tells nothing. */
#define CLOCK_SMS_FRESH_S	600
/* A source that keeps agreeing is written down at most this often. */
#define CLOCK_NOTE_EVERY_S	600
/* The system's facts are looked at again this often. */
#define CLOCK_LOOK_MS		60000
/* 2026-01-01T00:00:00Z: kabar did not exist before; no clock says less. */
#define CLOCK_EPOCH		1767225600
/* The note as text: "BOOT_ID BASE SOURCE AT". */
#define CLOCK_NOTE_MAX		128
#define CLOCK_UNANCHORED	INT64_MIN

/* What the time rests on, weakest first: a reading moves the clock only
 * when its source is as good as the clock's. */
enum clock_source {
	CLOCK_NONE,		/* nothing: the time is not known */
	CLOCK_SYSTEM,		/* the system clock, nothing against it */
	CLOCK_SMS,		/* SMSC time stamps: the time is at least this */
	CLOCK_DISTRICT,		/* the district's Date header */
	CLOCK_MODEM,		/* the modem's clock, set by the network */
	CLOCK_NTP		/* the kernel's clock while NTP keeps it */
};

/* What the system says about its clock, read by clock_facts_read. */
struct clock_facts {
	char	 boot[40];	/* /proc/sys/kernel/random/boot_id */
	int64_t	 sys;		/* the system clock, seconds */
	int64_t	 up;		/* CLOCK_BOOTTIME, seconds */
	int64_t	 floor;		/* a system clock before this is wrong */
	int	 ntp;		/* the kernel says NTP keeps the clock */
	int	 rtc;		/* the board has a real-time clock */
	int	 restored;	/* set at boot from a saved time */
};

/* What was learnt in one boot: the true time is up + base. */
struct clock_note {
	char	 boot[40];
	int64_t	 base;
	enum clock_source source;
	int64_t	 at;		/* the true time of the last reading */
};

enum clock_take {
	CLOCK_IGNORED,		/* the note is unchanged */
	CLOCK_CONFIRMED,	/* the clock stays; the note names the source */
	CLOCK_STEPPED		/* the clock moved to the reading */
};

/* What a process remembers between two looks at the note. */
struct clock_watch {
	int64_t	 due_ms;		/* the next look at the facts */
	char	 note[CLOCK_NOTE_MAX];	/* the note as last followed */
	char	 district[32];		/* sync.last_ok as last seen */
	int	 primed;		/* district holds what was seen */
};

void	clock_facts_read(struct clock_facts *f);
/* The source the time rests on now; *base as in the note, or
 * CLOCK_UNANCHORED when it is the system clock. */
enum clock_source clock_judge(const struct clock_facts *f,
	    const struct clock_note *n, int64_t *base);
/* A reading t from src: the note is updated unless CLOCK_IGNORED. */
enum clock_take clock_take(const struct clock_facts *f,
	    struct clock_note *n, enum clock_source src, int64_t t);
/* 1 when a modem's clock at t in zone_s seconds east is in the gateway's
 * time zone: a clock the network set speaks its zone, one counting from
 * power-on says +00 or nothing. */
int	clock_zone_is_local(int64_t t, int zone_s);

/* The note as text and back; parse: 0, or -1 (n is cleared). */
void	clock_note_format(const struct clock_note *n, char *out,
	    size_t outsz);
int	clock_note_parse(const char *s, struct clock_note *n);

/* The process's clock (now_wall) follows src and base from now. */
void	clock_use(enum clock_source src, int64_t base);
int	clock_known(void);
enum clock_source clock_source(void);
/* now_wall() minus the system clock. */
int64_t	clock_correction(void);
/* "sms", and "an SMS time stamp (the mobile network)". */
const char *clock_source_name(enum clock_source src);
const char *clock_source_text(enum clock_source src);

#endif
