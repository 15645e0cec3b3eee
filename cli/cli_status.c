/*
 * kabar status: the modems, the queues, the district link and the day's
 * budget, then why messages wait, if they do (quiet hours, the budget
 * spent, a modem resting, a SIM's credit below its floor, no modem up).
 * Like `systemctl status`, it exits non-zero when the gateway cannot
 * send: no modem is up (1), so a script or a monitor can ask it.
 */
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "clock.h"
#include "util.h"

/*
 * The pid of a kabard that is surely gone, or 0. A daemon killed hard
 * leaves its modems "up" in the store; its lock file (DATABASE.lock)
 * keeps its pid. Only read, never locked: a lock taken here, even for
 * a moment, could stop a kabard starting at that moment.
 */
static long
daemon_gone(const char *database)
{
	char path[4096], buf[32];
	long pid;
	ssize_t n;
	int fd;

	if (snprintf(path, sizeof(path), "%s.lock", database) >=
	    (int)sizeof(path))
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (parse_long(buf, 1, 1L << 30, &pid) != 0)
		return 0;
	return kill((pid_t)pid, 0) != 0 && errno == ESRCH ? pid : 0;
}

/* What the modem rows tell about sending, gathered while they print. */
struct modem_seen {
	struct listing		*l;
	const struct cli	*c;
	int			 up;		/* up, resting included */
	int			 resting;
	struct strbuf		 why;		/* one reason a line */
};

static int
modem_row(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	struct modem_seen *s = arg;
	const char *name = NULL, *state = NULL, *bal = NULL, *rest = NULL;
	const struct modem_conf *mc = NULL;
	char when[48];
	size_t k;
	int i;

	for (i = 0; i < n; i++) {
		if (strcmp(names[i], "name") == 0)
			name = vals[i];
		else if (strcmp(names[i], "state") == 0)
			state = vals[i];
		else if (strcmp(names[i], "balance") == 0)
			bal = vals[i];
		else if (strcmp(names[i], "resting_until") == 0)
			rest = vals[i];
	}
	for (k = 0; name != NULL && k < s->c->cfg->n_modems; k++)
		if (strcmp(s->c->cfg->modems[k].name, name) == 0)
			mc = &s->c->cfg->modems[k];
	if (state != NULL && strcmp(state, "up") == 0)
		s->up++;
	if (state != NULL && strcmp(state, "resting") == 0) {
		s->up++;
		s->resting++;
		if (cli_local_time(rest, when, sizeof(when)) != 0)
			strlcpy_k(when, "?", sizeof(when));
		sb_addf(&s->why, L(s->c, "  modem %s rests after failed sends, "
		    "until %s\n", "  modem %s beristirahat setelah gagal "
		    "mengirim, sampai %s\n"), name, when);
	}
	if (mc != NULL && mc->balance_floor > 0 && bal != NULL &&
	    strtol(bal, NULL, 10) < mc->balance_floor) {
		char have[32], floor[32];

		rupiah(strtol(bal, NULL, 10), have, sizeof(have));
		rupiah(mc->balance_floor, floor, sizeof(floor));
		sb_addf(&s->why, L(s->c, "  modem %s: SIM credit Rp%s is below "
		    "its floor Rp%s: no broadcasts, polls or surveys through "
		    "it\n", "  modem %s: pulsa Rp%s di bawah batas Rp%s: tidak "
		    "ada siaran, polling atau survei lewat modem ini\n"),
		    name, have, floor);
	}
	return cli_print_row(s->l, n, names, vals);
}

/* Queued outbox rows, from the counts listing. */
static int
count_row(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	int *queued = arg;

	(void)names;
	if (n >= 3 && vals[0] && vals[1] && strcmp(vals[0], "outbox") == 0 &&
	    strcmp(vals[1], "queued") == 0)
		*queued = (int)strtol(vals[2], NULL, 10);
	return 0;
}

static void
budget_and_hours(const struct cli *c, struct modem_seen *s, int used,
    int waiting)
{
	const struct gw_config *cfg = c->cfg;
	int64_t now = now_wall();

	if (cfg->daily_sms_budget > 0 && used >= cfg->daily_sms_budget)
		sb_addf(&s->why, L(c, "  today's SMS budget (%d) is spent: "
		    "%d wait for tomorrow (gateway.daily_sms_budget)\n",
		    "  anggaran SMS hari ini (%d) habis: %d menunggu besok "
		    "(gateway.daily_sms_budget)\n"), cfg->daily_sms_budget,
		    waiting);
	if (config_quiet_now(cfg, now))
		sb_addf(&s->why, L(c, "  quiet hours (%s): broadcasts, polls "
		    "and surveys wait until they end; replies still go\n",
		    "  jam tenang (%s): siaran, polling dan survei menunggu "
		    "sampai selesai; balasan tetap terkirim\n"),
		    cfg->quiet_hours);
}

/* The gateway's time, where it came from, and whether bulk waits for it. */
/* Where the time came from, in the tool's language. */
static const char *
source_text(struct cli *c, enum clock_source src)
{
	static const char *const id[] = {
		[CLOCK_NONE] = "belum ada: waktunya tidak diketahui",
		[CLOCK_SYSTEM] = "jam sistem, belum diperiksa",
		[CLOCK_SMS] = "stempel waktu SMS (jaringan seluler)",
		[CLOCK_DISTRICT] = "jam kabupaten",
		[CLOCK_MODEM] = "jam modem (jaringan seluler)",
		[CLOCK_NTP] = "jam sistem, dijaga NTP",
	};

	if (c->en || (size_t)src >= sizeof(id) / sizeof(id[0]) ||
	    id[src] == NULL)
		return clock_source_text(src);
	return id[src];
}

static void
status_clock(struct cli *c, int json)
{
	int64_t off = clock_correction();
	char at[21];

	iso_time(now_wall(), at);
	if (json)
		printf("{\"clock_known\":%s,\"clock_source\":\"%s\","
		    "\"clock_now\":\"%s\",\"clock_correction\":%" PRId64 "}\n",
		    clock_known() ? "true" : "false",
		    clock_source_name(clock_source()), at, off);
	else if (!clock_known())
		printf(L(c, "\nclock: NOT KNOWN; the system clock says %s. "
		    "Broadcasts, polls and surveys wait until a received SMS, "
		    "the modem's clock or the district tells the time.\n",
		    "\njam: TIDAK DIKETAHUI; jam sistem menunjukkan %s. "
		    "Siaran, polling dan survei menunggu sampai SMS masuk, jam "
		    "modem atau kabupaten memberi tahu waktunya.\n"), at);
	else if (off == 0)
		printf(L(c, "\nclock: %s from %s\n", "\njam: %s dari %s\n"),
		    at, source_text(c, clock_source()));
	else
		printf(L(c, "\nclock: %s from %s, %" PRId64 " s %s the system "
		    "clock\n", "\njam: %s dari %s, %" PRId64 " detik %s jam "
		    "sistem\n"), at, source_text(c, clock_source()),
		    off < 0 ? -off : off, off < 0 ? L(c, "behind",
		    "di belakang") : L(c, "ahead of", "di depan"));
}

int
cmd_status(struct cli *c, int argc, char **argv)
{
	static const char *const mcols[] = { "name", "state", "signal",
	    "registration", "operator", "balance", "changed_at", "last_error",
	    NULL };
	static const char *const ccols[] = { "what", "state", "count", NULL };
	static const char *const scols[] = { "backlog", "oldest", "set_aside",
	    "last_success", "next_attempt", "last_error", NULL };
	struct listing l;
	struct modem_seen s = { &l, c, 0, 0, STRBUF_INIT };
	int used, committed, queued = 0, rc = 1, json = 0;
	long gone;

	if (argc == 2 && strcmp(argv[1], "--json") == 0)
		json = 1;
	else if (argc != 1)
		return cli_unexpected(c, argv[1]);
	listing_init(&l, c, mcols);
	l.json = json;
	used = db_budget_used(c->db, now_wall());
	committed = db_budget_committed(c->db, now_wall());
	if (used < 0 || committed < 0)
		return 1;
	if (!l.json)
		printf(L(c, "gateway %s, database %s\n\n", "gateway %s, basis "
		    "data %s\n\n"), c->cfg->id, c->cfg->database);
	l.quiet_empty = 1;
	if (db_report(c->db, REP_MODEMS, -1, modem_row, &s) != 0)
		goto out;
	listing_end(&l);
	if (!l.json && l.rows == 0)
		printf(L(c, "(no modem has reported yet: is kabard running?)\n",
		    "(belum ada modem yang melapor: apakah kabard berjalan?)\n"));
	if (!l.json)
		printf(L(c, "\nmessages:\n", "\npesan:\n"));
	listing_init(&l, c, ccols);
	l.json = json;
	if (db_report(c->db, REP_COUNTS, -1, cli_print_row, &l) != 0 ||
	    db_report(c->db, REP_COUNTS, -1, count_row, &queued) != 0)
		goto out;
	listing_end(&l);
	if (!l.json)
		printf(L(c, "\ndistrict sync:\n", "\nsinkronisasi kabupaten:\n"));
	listing_init(&l, c, scols);
	l.json = json;
	if (db_report(c->db, REP_BACKLOG, -1, cli_print_row, &l) != 0)
		goto out;
	listing_end(&l);
	status_clock(c, json);
	gone = daemon_gone(c->cfg->database);
	if (gone > 0 && s.up > 0) {
		sb_addf(&s.why, L(c, "  kabard is not running (pid %ld is "
		    "gone): the modems above are as it last saw them\n",
		    "  kabard tidak berjalan (pid %ld sudah tidak ada): modem "
		    "di atas seperti terakhir dilihatnya\n"), gone);
		s.up = 0;
	} else if (s.up == 0)
		sb_addf(&s.why, L(c, "  no modem is up: nothing can be sent "
		    "(is kabard running? see its log)\n", "  tidak ada modem "
		    "yang aktif: tidak ada yang bisa dikirim (apakah kabard "
		    "berjalan? lihat log-nya)\n"));
	budget_and_hours(c, &s, used, committed - used);
	if (l.json) {
		printf("{\"budget_day\":%d,\"budget_used\":%d,"
		    "\"budget_queued\":%d,\"modems_up\":%d}\n",
		    c->cfg->daily_sms_budget, used, committed - used, s.up);
	} else {
		printf(L(c, "\nbudget today: %d of %d SMS sent, %d waiting%s\n",
		    "\nanggaran hari ini: %d dari %d SMS terkirim, %d "
		    "menunggu%s\n"), used, c->cfg->daily_sms_budget,
		    committed - used, c->cfg->daily_sms_budget == 0 ?
		    L(c, " (no cap)", " (tanpa batas)") : "");
		if (s.why.len > 0)
			printf(L(c, "\nwhy messages wait (%d queued):\n%s",
			    "\nmengapa pesan menunggu (%d dalam antrean):\n%s"),
			    queued, sb_str(&s.why));
	}
	rc = s.up > 0 ? 0 : 1;
out:
	sb_free(&s.why);
	listing_end(&l);
	return rc;
}
