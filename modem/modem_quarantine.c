/*
 * Messages the driver cannot take: one libgammu cannot decode (a
 * truncated PDU that newer Gammu reads, a file the dummy phone cannot
 * parse), and one that crashes its decoder, which would crash every
 * worker that reads it and block the modem for good. Neither may leave
 * the SIM unkept: its raw bytes are read past libgammu (two bare AT
 * commands on the serial line, or the dummy phone's file), stored as an
 * inbox row with its text where the PDU can be read after all, and only
 * then deleted. A log line and an audit row say where it was.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/poll.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "log.h"
#include "modem.h"
#include "pdu.h"
#include "phone.h"
#include "util.h"
#include "worker.h"

#define RAW_WAIT_MS 5000
/* The longest raw message kept (an SMS PDU is at most 176 octets; a
 * dummy phone's file a few kB). */
#define RAW_MAX 8192

int
modem_place(const char *s, int *folder, int *loc)
{
	long f, l;
	char *end;

	f = strtol(s, &end, 10);
	if (end == s || *end != ':' || f < 0 || f > 100)
		return -1;
	l = strtol(end + 1, &end, 10);
	if (*end != '\0' || l < 0 || l > 1000000)
		return -1;
	*folder = (int)f;
	*loc = (int)l;
	return 0;
}

/* One command; 0 on OK (what came before it in resp, when given), -1
 * on ERROR, silence or a broken line. */
static int
raw_at(int fd, const char *cmd, char *resp, size_t respsz)
{
	char buf[1024];
	size_t have = 0;
	int64_t until = now_mono_ms() + RAW_WAIT_MS;
	struct pollfd p = { fd, POLLIN, 0 };
	ssize_t n;
	char *ok;

	if (write(fd, cmd, strlen(cmd)) != (ssize_t)strlen(cmd) ||
	    write(fd, "\r", 1) != 1)
		return -1;
	while (now_mono_ms() < until) {
		if (poll(&p, 1, 200) <= 0)
			continue;
		n = read(fd, buf + have, sizeof(buf) - 1 - have);
		if (n <= 0) {
			if (n < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			return -1;
		}
		have += (size_t)n;
		buf[have] = '\0';
		if ((ok = strstr(buf, "\r\nOK\r\n")) != NULL) {
			if (resp != NULL) {
				*ok = '\0';
				strlcpy_k(resp, buf, respsz);
			}
			return 0;
		}
		if (strstr(buf, "ERROR") != NULL)
			return -1;
		if (have >= sizeof(buf) - 1)
			have = 0;	/* noise: keep listening */
	}
	return -1;
}

/* The serial line, raw, ready for commands on the SIM in PDU mode. */
static int
raw_open(const char *device)
{
	struct termios t;
	int fd = open(device, O_RDWR | O_NOCTTY | O_NONBLOCK);

	if (fd < 0)
		return -1;
	if (tcgetattr(fd, &t) == 0) {
		cfmakeraw(&t);
		cfsetspeed(&t, B115200);
		tcsetattr(fd, TCSANOW, &t);
	}
	tcflush(fd, TCIOFLUSH);
	if (raw_at(fd, "AT", NULL, 0) != 0 ||
	    raw_at(fd, "AT+CPMS=\"SM\"", NULL, 0) != 0 ||
	    raw_at(fd, "AT+CMGF=0", NULL, 0) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The PDU of "+CMGR: stat,alpha,len\r\nHEX" into hex. */
static int
cmgr_pdu(const char *resp, struct strbuf *hex)
{
	const char *p = strstr(resp, "+CMGR:");
	size_t n;

	if (p == NULL || (p = strchr(p, '\n')) == NULL)
		return -1;
	p++;
	n = strspn(p, "0123456789ABCDEFabcdef");
	if (n == 0 || n % 2 != 0)
		return -1;
	sb_add(hex, p, n);
	return 0;
}

static int
raw_read(struct worker *m, int folder, int loc, struct strbuf *hex)
{
	char path[4200], cmd[32], resp[1024];
	unsigned char buf[RAW_MAX];
	size_t n, i;
	FILE *f;
	int fd, rc;

	if (strcmp(m->connection, "none") == 0) {
		snprintf(path, sizeof(path), "%s/sms/%d/%d", m->device, folder,
		    loc);
		if ((f = fopen(path, "rb")) == NULL)
			return -1;
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		for (i = 0; i < n; i++)
			sb_addf(hex, "%02X", buf[i]);
		return 0;
	}
	if ((fd = raw_open(m->device)) < 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "AT+CMGR=%d", loc);
	rc = raw_at(fd, cmd, resp, sizeof(resp)) == 0 &&
	    cmgr_pdu(resp, hex) == 0 ? 0 : -1;
	close(fd);
	return rc;
}

static int
raw_delete(struct worker *m, int folder, int loc)
{
	char path[4200], cmd[32];
	int fd, rc;

	if (strcmp(m->connection, "none") == 0) {
		snprintf(path, sizeof(path), "%s/sms/%d/%d", m->device, folder,
		    loc);
		return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
	}
	if ((fd = raw_open(m->device)) < 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "AT+CMGD=%d", loc);
	rc = raw_at(fd, cmd, NULL, 0);
	close(fd);
	return rc;
}

/* Store the raw message, with its text where the PDU can be read. */
static int
keep_raw(struct worker *m, const char *hex, int *readable)
{
	unsigned char pdu[RAW_MAX / 2];
	struct pdu_deliver d = { 0 };
	struct sms_in in = { 0 };
	char e164[PHONE_MAX];
	int n = pdu_unhex(hex, pdu, sizeof(pdu)), fresh, got;

	got = n > 0 && pdu_read_deliver(pdu, (size_t)n, &d) == 0;
	in.modem = m->name;
	in.sender = got && d.sender[0] != '\0' ? d.sender : "?";
	in.phone = got && phone_normalise(d.sender, m->country_code, e164,
	    sizeof(e164)) == PHONE_MOBILE ? e164 : NULL;
	in.text = got ? d.text : "";
	in.sent_at = got ? d.sent_at : 0;
	in.seq = in.total = 1;
	*readable = got && d.text[0] != '\0';
	if (db_begin(m->db) != 0 ||
	    db_inbox_receive_raw(m->db, &in, hex, now_wall(), &fresh) != 0 ||
	    db_commit(m->db) != 0 || db_flush(m->db) != 0) {
		db_rollback(m->db);
		free(d.text);
		return -1;
	}
	free(d.text);
	return 0;
}

int
rescue(struct worker *m, int folder, int loc, const char *why)
{
	struct strbuf hex = STRBUF_INIT;
	char detail[200];
	int readable = 0, ok;

	if (!db_on_disk(m->db))
		return -1;
	if (raw_read(m, folder, loc, &hex) != 0 || hex.len == 0 ||
	    keep_raw(m, sb_str(&hex), &readable) != 0) {
		log_warnx("Modem %s: the message at folder %d, location %d (%s) "
		    "could not be kept; it stays on the SIM.", m->name, folder,
		    loc, why);
		sb_free(&hex);
		return -1;
	}
	sb_free(&hex);
	if (readable)
		worker_tell(m, "inbox");
	ok = raw_delete(m, folder, loc) == 0;
	snprintf(detail, sizeof(detail), "modem %s folder %d location %d: "
	    "%s; kept %s, %s", m->name, folder, loc, why, readable ?
	    "with its text" : "raw", ok ? "deleted" : "could not be deleted");
	log_warnx("Modem %s: the message at folder %d, location %d %s; it is "
	    "kept in the inbox (%s) and %s.", m->name, folder, loc, why,
	    readable ? "its text read from the raw PDU" : "state unreadable",
	    ok ? "deleted from the SIM" : "deleting it failed");
	db_audit(m->db, m->name, "quarantine", ok, detail, now_wall());
	return ok ? 0 : -1;
}
