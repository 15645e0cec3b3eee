/*
 * fakemodem: a GSM modem on a pseudo-terminal, for the tests. It answers
 * libgammu's AT driver as a USB modem would (PDU mode, SIM storage, USSD,
 * calls), and is scripted by appending lines to a control file:
 *
 *   sms FROM TEXT      store an SMS from FROM (GSM-7, or UCS-2 when the
 *                      text is not plain ASCII) and announce it (+CMTI)
 *   long FROM TEXT     the same, split in parts with a concatenation header
 *   pdu HEX            store this PDU as received, whatever it holds
 *   fill N FROM TEXT   store N messages at once (a full SIM), each
 *                      text followed by its number
 *   ring FROM          an incoming call that rings twice and hangs up
 *   fail N             answer the next N sends with +CMS ERROR: 38
 *   reports MODE       after a send with a report requested, store a
 *                      status report: delivered | failed | off (default)
 *   ussd TEXT          what the next USSD request is answered with
 *   operator MCCMNC    the network it is registered on
 *   clock ZONE         AT+CCLK? answers with this machine's time in the
 *                      zone ZONE quarter hours east ("+28" is UTC+7), as a
 *                      clock the network set would
 *   clock 2000         ... counting from 2000-01-01 at the fake's start,
 *                      with no zone, as a modem's clock after power-on
 *   clock off          AT+CCLK? is answered ERROR (the default)
 *   hang | unhang      stop answering anything / answer again
 *   unplug | replug    the device disappears / comes back (a new pty)
 *   garbage            write noise on the line
 *   quit
 *
 * Everything the driver sends is logged to LOGDIR/at.log, and each sent
 * SMS part, decoded, to LOGDIR/sent.log as "TO<TAB>PART/TOTAL<TAB>TEXT".
 *
 * usage: fakemodem LINK CONTROL LOGDIR   (LINK becomes a symlink to the pty)
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/poll.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "pdu.h"

#define SLOTS	30
#define LINE	8192

struct slot {
	int	 used;
	int	 stat;		/* 0 unread, 1 read */
	char	 pdu[LINE];	/* hex, TPDU after a zero-length SMSC */
};

static struct {
	const char	*link;
	int		 master, slave;
	FILE		*atlog, *sentlog;
	struct slot	 sim[SLOTS + 1];
	char		 in[LINE * 2];
	size_t		 inlen;
	int		 in_pdu;	/* after AT+CMGS=, reading the PDU */
	int		 fail_sends;
	int		 hung;
	char		 reports[16];
	char		 ussd[512];
	char		 oper[16];
	char		 clock[8];	/* "off", "2000", or a zone */
	long long	 born_ms;
	int		 mr;
	int		 cscs_ucs2;
	/* a call in progress: rings left, next ring at */
	int		 rings;
	long long	 ring_at;
	char		 caller[32];
	/* status reports waiting to be stored */
	int		 pending_report_mr[16];
	char		 pending_report_to[16][32];
	int		 n_pending;
} fm;

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
out(const char *fmt, ...)
{
	char buf[LINE * 2];
	va_list ap;
	int n;
	ssize_t w;
	char *p = buf;

	if (fm.master < 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	while (n > 0) {
		w = write(fm.master, p, (size_t)n);
		if (w <= 0) {
			if (w < 0 && errno == EAGAIN) {
				usleep(1000);
				continue;
			}
			return;
		}
		p += w;
		n -= (int)w;
	}
}

static int
open_pty(void)
{
	struct termios t;
	char *name;

	fm.master = posix_openpt(O_RDWR | O_NOCTTY);
	if (fm.master < 0 || grantpt(fm.master) != 0 ||
	    unlockpt(fm.master) != 0 || (name = ptsname(fm.master)) == NULL)
		return -1;
	/* Held open so the line stays up while the driver reconnects. */
	fm.slave = open(name, O_RDWR | O_NOCTTY);
	if (fm.slave >= 0 && tcgetattr(fm.slave, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(fm.slave, TCSANOW, &t);
	}
	fcntl(fm.master, F_SETFL, fcntl(fm.master, F_GETFL) | O_NONBLOCK);
	unlink(fm.link);
	if (symlink(name, fm.link) != 0)
		return -1;
	fm.inlen = 0;
	fm.in_pdu = 0;
	return 0;
}

static void
close_pty(void)
{
	unlink(fm.link);
	if (fm.master >= 0)
		close(fm.master);
	if (fm.slave >= 0)
		close(fm.slave);
	fm.master = fm.slave = -1;
}

static int
sim_used(void)
{
	int i, n = 0;

	for (i = 1; i <= SLOTS; i++)
		n += fm.sim[i].used;
	return n;
}

/* Store a TPDU (hex); announce it. -1 when the SIM is full. */
static int
sim_store(const char *tpdu, int announce)
{
	int i;

	for (i = 1; i <= SLOTS; i++)
		if (!fm.sim[i].used) {
			fm.sim[i].used = 1;
			fm.sim[i].stat = 0;
			snprintf(fm.sim[i].pdu, sizeof(fm.sim[i].pdu), "%s",
			    tpdu);
			if (announce)
				out("\r\n+CMTI: \"SM\",%d\r\n", i);
			return i;
		}
	fprintf(fm.atlog, "# SIM full, message lost\n");
	return -1;
}

static void
store_text(const char *from, const char *text, int split)
{
	char pdus[8][LINE];
	int n, i;

	n = pdu_deliver(from, text, split, (unsigned)(now_ms() & 0xff), pdus,
	    8);
	for (i = 0; i < n; i++)
		sim_store(pdus[i], 1);
}

static void
cpms(void)
{
	int u = sim_used();

	out("\r\n+CPMS: %d,%d,%d,%d,%d,%d\r\n\r\nOK\r\n", u, SLOTS, u, SLOTS,
	    u, SLOTS);
}

static void
list(int which)
{
	int i;

	for (i = 1; i <= SLOTS; i++) {
		if (!fm.sim[i].used || (which != 4 && which != fm.sim[i].stat))
			continue;
		out("\r\n+CMGL: %d,%d,,%zu\r\n00%s", i, fm.sim[i].stat,
		    strlen(fm.sim[i].pdu) / 2, fm.sim[i].pdu);
		fm.sim[i].stat = 1;
	}
	out("\r\n\r\nOK\r\n");
}

static void
read_one(int i)
{
	if (i < 1 || i > SLOTS) {
		out("\r\n+CMS ERROR: 321\r\n");
		return;
	}
	if (!fm.sim[i].used) {
		out("\r\nOK\r\n");
		return;
	}
	out("\r\n+CMGR: %d,,%zu\r\n00%s\r\n\r\nOK\r\n", fm.sim[i].stat,
	    strlen(fm.sim[i].pdu) / 2, fm.sim[i].pdu);
	fm.sim[i].stat = 1;
}

static void
sent_pdu(const char *hex)
{
	struct pdu_submit s;

	if (fm.fail_sends > 0) {
		fm.fail_sends--;
		fprintf(fm.atlog, "# send refused as planned\n");
		out("\r\n+CMS ERROR: 38\r\n");
		return;
	}
	if (pdu_submit_decode(hex, &s) != 0) {
		fprintf(fm.atlog, "# a PDU that does not decode\n");
		out("\r\n+CMS ERROR: 304\r\n");
		return;
	}
	fm.mr = (fm.mr + 1) & 0xff;
	fprintf(fm.sentlog, "%s\t%d/%d\t%s\n", s.to, s.part, s.total, s.text);
	fflush(fm.sentlog);
	out("\r\n+CMGS: %d\r\n\r\nOK\r\n", fm.mr);
	if (s.report && strcmp(fm.reports, "off") != 0 && fm.n_pending < 16) {
		fm.pending_report_mr[fm.n_pending] = fm.mr;
		snprintf(fm.pending_report_to[fm.n_pending], 32, "%s", s.to);
		fm.n_pending++;
	}
}

static void
ussd(const char *cmd)
{
	char hex[2048];

	/* AT+CUSD=1,"<code>",15: answered later, unsolicited. */
	out("\r\nOK\r\n");
	if (fm.cscs_ucs2)
		pdu_utf8_to_ucs2hex(fm.ussd, hex, sizeof(hex));
	else
		snprintf(hex, sizeof(hex), "%s", fm.ussd);
	fprintf(fm.atlog, "# USSD %s answered\n", cmd);
	out("\r\n+CUSD: 0,\"%s\",%d\r\n", hex, fm.cscs_ucs2 ? 72 : 15);
}

/* AT+CCLK?: "yy/MM/dd,hh:mm:ss" and the zone in quarter hours, if any. */
static void
cclk(void)
{
	time_t t = time(NULL);
	struct tm tm;
	char zone[16] = "";
	int q;

	if (strcmp(fm.clock, "off") == 0) {
		out("\r\nERROR\r\n");
		return;
	}
	if (strcmp(fm.clock, "2000") == 0)
		t = 946684800 + (time_t)((now_ms() - fm.born_ms) / 1000);
	else {
		q = atoi(fm.clock);
		t += (time_t)q * 900;
		snprintf(zone, sizeof(zone), "%c%02d", q < 0 ? '-' : '+',
		    q < 0 ? -q : q);
	}
	gmtime_r(&t, &tm);
	out("\r\n+CCLK: \"%02d/%02d/%02d,%02d:%02d:%02d%s\"\r\n\r\nOK\r\n",
	    tm.tm_year % 100, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, zone);
}

/* Settings the fake takes and forgets: a plain OK. */
static int
says_ok(const char *c)
{
	static const char *const ok[] = { "E1", "E0", "Z", "&F", "H",
	    "+CFUN=1", "+CMGF=0", "+CHUP", "+CUSD=0", "+COPS=3", NULL };
	static const char *const set[] = { "+CMEE=", "+CNMI=", "+CLIP=",
	    "+CRC=", "+CREG=", "+CGREG=", "+CSMP=", "+CCWA=", "+CUSD=", NULL };
	int i;

	for (i = 0; ok[i] != NULL; i++)
		if (strncmp(c, ok[i], strlen(ok[i])) == 0 &&
		    (c[strlen(ok[i])] == '\0' || ok[i][1] == 'C'))
			return 1;
	for (i = 0; set[i] != NULL; i++)
		if (strncmp(c, set[i], strlen(set[i])) == 0 &&
		    c[strlen(set[i])] != '?')
			return 1;
	return 0;
}

/* One command line from the driver (without the trailing CR). */
static void
command(char *c)
{
	char *p;

	fprintf(fm.atlog, "%s\n", c);
	fflush(fm.atlog);
	/* The modem echoes what it is sent (ATE1). */
	out("%s\r", c);
	for (p = c; *p != '\0' && *p != '=' && *p != '?'; p++)
		*p = (char)toupper((unsigned char)*p);
	if (strncmp(c, "AT", 2) != 0) {
		out("\r\nERROR\r\n");
		return;
	}
	c += 2;
	if (strncmp(c, "+CUSD=1,", 8) == 0)
		ussd(c);
	else if (*c == '\0' || says_ok(c))
		out("\r\nOK\r\n");
	else if (strcmp(c, "I") == 0 || strcmp(c, "+CGMI") == 0)
		out("\r\nFakemodem\r\n\r\nOK\r\n");
	else if (strcmp(c, "+CGMM") == 0)
		out("\r\nFM-1\r\n\r\nOK\r\n");
	else if (strcmp(c, "+CGMR") == 0)
		out("\r\n1.0\r\n\r\nOK\r\n");
	else if (strcmp(c, "+CGSN") == 0)
		out("\r\n350000000000001\r\n\r\nOK\r\n");
	else if (strcmp(c, "+CIMI") == 0)
		out("\r\n510100000000001\r\n\r\nOK\r\n");
	else if (strcmp(c, "+CPIN?") == 0)
		out("\r\n+CPIN: READY\r\n\r\nOK\r\n");
	else if (strcmp(c, "+CFUN?") == 0)
		out("\r\n+CFUN: 1\r\n\r\nOK\r\n");
	else if (strcmp(c, "+CREG?") == 0)
		out("\r\n+CREG: 2,1,\"1A2B\",\"00C3\"\r\n\r\nOK\r\n");
	else if (strcmp(c, "+CGATT?") == 0)
		out("\r\n+CGATT: 1\r\n\r\nOK\r\n");
	else if (strcmp(c, "+CGREG?") == 0)
		out("\r\n+CGREG: 2,1,\"1A2B\",\"00C3\"\r\n\r\nOK\r\n");
	else if (strcmp(c, "+COPS?") == 0)
		out("\r\n+COPS: 0,2,\"%s\"\r\n\r\nOK\r\n", fm.oper);
	else if (strcmp(c, "+CCLK?") == 0)
		cclk();
	else if (strcmp(c, "+CSQ") == 0)
		out("\r\n+CSQ: 20,99\r\n\r\nOK\r\n");
	else if (strcmp(c, "+CMGF=?") == 0)
		out("\r\n+CMGF: (0)\r\n\r\nOK\r\n");
	else if (strcmp(c, "+CSCA?") == 0)
		out("\r\n+CSCA: \"+62816124\",145\r\n\r\nOK\r\n");
	else if (strcmp(c, "+CPMS=?") == 0)
		out("\r\n+CPMS: (\"SM\"),(\"SM\"),(\"SM\")\r\n\r\nOK\r\n");
	else if (strncmp(c, "+CPMS=", 6) == 0)
		cpms();
	else if (strcmp(c, "+CPMS?") == 0)
		out("\r\n+CPMS: \"SM\",%d,%d,\"SM\",%d,%d,\"SM\",%d,%d\r\n\r\n"
		    "OK\r\n", sim_used(), SLOTS, sim_used(), SLOTS,
		    sim_used(), SLOTS);
	else if (strcmp(c, "+CSCS=?") == 0)
		out("\r\n+CSCS: (\"GSM\",\"UCS2\",\"IRA\")\r\n\r\nOK\r\n");
	else if (strncmp(c, "+CSCS=", 6) == 0) {
		fm.cscs_ucs2 = strstr(c, "UCS2") != NULL;
		out("\r\nOK\r\n");
	} else if (strcmp(c, "+CSCS?") == 0)
		out("\r\n+CSCS: \"%s\"\r\n\r\nOK\r\n", fm.cscs_ucs2 ? "UCS2" :
		    "GSM");
	else if (strcmp(c, "+CNMI=?") == 0)
		out("\r\n+CNMI: (0-2),(0-3),(0,2),(0-2),(0,1)\r\n\r\nOK\r\n");
	else if (strncmp(c, "+CMGL=", 6) == 0)
		list(atoi(c + 6));
	else if (strncmp(c, "+CMGR=", 6) == 0)
		read_one(atoi(c + 6));
	else if (strncmp(c, "+CMGD=", 6) == 0) {
		int i = atoi(c + 6);

		if (i >= 1 && i <= SLOTS)
			fm.sim[i].used = 0;
		out("\r\nOK\r\n");
	} else if (strncmp(c, "+CMGS=", 6) == 0) {
		fm.in_pdu = 1;
		out("\r\n> ");
	} else
		out("\r\nERROR\r\n");
}

static void
from_line(void)
{
	char buf[4096];
	ssize_t r;
	size_t i;

	if (fm.master < 0)
		return;
	while ((r = read(fm.master, buf, sizeof(buf))) > 0) {
		if (fm.hung) {
			fprintf(fm.atlog, "# ignored %zd bytes (hung)\n", r);
			continue;
		}
		for (i = 0; i < (size_t)r; i++) {
			char ch = buf[i];

			if (fm.in_pdu && (ch == 0x1a || ch == 0x1b)) {
				fm.in[fm.inlen] = '\0';
				fprintf(fm.atlog, "PDU %s\n", fm.in);
				out("%s", fm.in);
				if (ch == 0x1a)
					sent_pdu(fm.in);
				else
					out("\r\nOK\r\n");
				fm.inlen = 0;
				fm.in_pdu = 0;
			} else if (ch == '\r' && !fm.in_pdu) {
				fm.in[fm.inlen] = '\0';
				if (fm.inlen > 0)
					command(fm.in);
				fm.inlen = 0;
			} else if (ch == '\n' || (fm.in_pdu && ch == '\r')) {
				continue;
			} else if (fm.inlen < sizeof(fm.in) - 1)
				fm.in[fm.inlen++] = ch;
		}
	}
	fflush(fm.atlog);
}

/* One control line from the test. */
static int
control(char *l)
{
	char from[64], rest[LINE];
	int n;

	l[strcspn(l, "\n")] = '\0';
	fprintf(fm.atlog, "# control: %s\n", l);
	fflush(fm.atlog);
	rest[0] = '\0';
	if (sscanf(l, "sms %63s %[^\n]", from, rest) >= 1)
		store_text(from, rest, 0);
	else if (sscanf(l, "long %63s %[^\n]", from, rest) >= 1)
		store_text(from, rest, 1);
	else if (strncmp(l, "pdu ", 4) == 0)
		sim_store(l + 4, 1);
	else if (sscanf(l, "fill %d %63s %[^\n]", &n, from, rest) >= 2) {
		char pdus[8][LINE], text[LINE + 16];
		int k;

		/* Numbered, so that no two are the same message. */
		for (k = 1; k <= n; k++) {
			snprintf(text, sizeof(text), "%s %d", rest, k);
			if (pdu_deliver(from, text, 0, 0, pdus, 8) < 1 ||
			    sim_store(pdus[0], 0) < 0)
				break;
		}
		out("\r\n+CMTI: \"SM\",1\r\n");
	} else if (sscanf(l, "ring %31s", fm.caller) == 1) {
		fm.rings = 2;
		fm.ring_at = now_ms();
	} else if (sscanf(l, "fail %d", &fm.fail_sends) == 1)
		;
	else if (sscanf(l, "reports %15s", fm.reports) == 1)
		;
	else if (strncmp(l, "ussd ", 5) == 0)
		snprintf(fm.ussd, sizeof(fm.ussd), "%.500s", l + 5);
	else if (sscanf(l, "operator %15s", fm.oper) == 1)
		;
	else if (sscanf(l, "clock %7s", fm.clock) == 1)
		;
	else if (strcmp(l, "hang") == 0)
		fm.hung = 1;
	else if (strcmp(l, "unhang") == 0)
		fm.hung = 0;
	else if (strcmp(l, "unplug") == 0)
		close_pty();
	else if (strcmp(l, "replug") == 0) {
		if (fm.master < 0 && open_pty() != 0)
			return -1;
	} else if (strcmp(l, "garbage") == 0)
		out("\r\n\x01\xff\xfe+CM?!\x80\x81garbage\r\n");
	else if (strcmp(l, "quit") == 0)
		return -1;
	else
		fprintf(fm.atlog, "# unknown control line\n");
	return 0;
}

static void
tick(void)
{
	char tpdu[LINE];
	int i;

	if (fm.rings > 0 && now_ms() >= fm.ring_at && !fm.hung) {
		out("\r\nRING\r\n\r\n+CLIP: \"%s\",145,,,,0\r\n", fm.caller);
		fm.rings--;
		fm.ring_at = now_ms() + 1000;
		if (fm.rings == 0)
			out("\r\nNO CARRIER\r\n");
	}
	for (i = 0; i < fm.n_pending && !fm.hung; i++) {
		pdu_status_report(fm.pending_report_to[i],
		    fm.pending_report_mr[i],
		    strcmp(fm.reports, "delivered") == 0 ? 0 : 0x46, tpdu,
		    sizeof(tpdu));
		sim_store(tpdu, 1);
	}
	if (!fm.hung)
		fm.n_pending = 0;
}

int
main(int argc, char **argv)
{
	char logpath[4096], line[LINE];
	FILE *ctl;
	long off = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: fakemodem LINK CONTROL LOGDIR\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	fm.link = argv[1];
	fm.master = fm.slave = -1;
	snprintf(fm.reports, sizeof(fm.reports), "off");
	snprintf(fm.ussd, sizeof(fm.ussd), "Sisa pulsa Rp12.345");
	snprintf(fm.oper, sizeof(fm.oper), "51010");
	snprintf(fm.clock, sizeof(fm.clock), "off");
	fm.born_ms = now_ms();
	snprintf(logpath, sizeof(logpath), "%s/at.log", argv[3]);
	fm.atlog = fopen(logpath, "a");
	snprintf(logpath, sizeof(logpath), "%s/sent.log", argv[3]);
	fm.sentlog = fopen(logpath, "a");
	if (fm.atlog == NULL || fm.sentlog == NULL || open_pty() != 0) {
		perror("fakemodem");
		return 1;
	}
	for (;;) {
		struct pollfd p = { fm.master, POLLIN, 0 };

		poll(&p, fm.master >= 0 ? 1 : 0, 50);
		if (fm.master >= 0 && (p.revents & POLLIN))
			from_line();
		if ((ctl = fopen(argv[2], "r")) != NULL) {
			fseek(ctl, off, SEEK_SET);
			while (fgets(line, sizeof(line), ctl) != NULL &&
			    strchr(line, '\n') != NULL) {
				off = ftell(ctl);
				if (control(line) != 0) {
					fclose(ctl);
					close_pty();
					return 0;
				}
			}
			fclose(ctl);
		}
		tick();
	}
}
