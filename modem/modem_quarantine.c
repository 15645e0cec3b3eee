/*
 * A stored message that crashes libgammu's decoder would crash every
 * worker that reads it, and block the modem for good. The supervisor
 * notices the same place crashing three times and has the next worker
 * read carefully; once the very message is known, it is deleted without
 * being decoded: with two bare AT commands on the serial line (for the AT
 * driver, before libgammu opens it) or by removing the dummy phone's file.
 * It never reached the inbox, so nothing stored is lost; a log line and
 * an audit row say where it was.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/poll.h>
#include <termios.h>
#include <unistd.h>

#include "log.h"
#include "modem.h"
#include "util.h"
#include "worker.h"

#define RAW_WAIT_MS 5000

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

/* One command; 0 on OK, -1 on ERROR, silence or a broken line. */
static int
raw_at(int fd, const char *cmd)
{
	char buf[512];
	size_t have = 0;
	int64_t until = now_mono_ms() + RAW_WAIT_MS;
	struct pollfd p = { fd, POLLIN, 0 };
	ssize_t n;

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
		if (strstr(buf, "\r\nOK\r\n") != NULL)
			return 0;
		if (strstr(buf, "ERROR") != NULL)
			return -1;
		if (have >= sizeof(buf) - 1)
			have = 0;	/* noise: keep listening */
	}
	return -1;
}

static int
raw_delete(const char *device, int loc)
{
	struct termios t;
	char cmd[32];
	int fd, rc = -1;

	fd = open(device, O_RDWR | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (tcgetattr(fd, &t) == 0) {
		cfmakeraw(&t);
		cfsetspeed(&t, B115200);
		tcsetattr(fd, TCSANOW, &t);
	}
	tcflush(fd, TCIOFLUSH);
	snprintf(cmd, sizeof(cmd), "AT+CMGD=%d", loc);
	if (raw_at(fd, "AT") == 0 && raw_at(fd, "AT+CPMS=\"SM\"") == 0 &&
	    raw_at(fd, cmd) == 0)
		rc = 0;
	close(fd);
	return rc;
}

void
quarantine(struct worker *m, int folder, int loc)
{
	char path[4200], detail[200];
	int ok;

	if (strcmp(m->connection, "none") == 0) {
		snprintf(path, sizeof(path), "%s/sms/%d/%d", m->device, folder,
		    loc);
		ok = unlink(path) == 0;
	} else
		ok = raw_delete(m->device, loc) == 0;
	snprintf(detail, sizeof(detail), "modem %s folder %d location %d: "
	    "crashed the decoder; %s", m->name, folder, loc, ok ? "deleted "
	    "unread" : "could not be deleted");
	log_errorx("Modem %s: the message at folder %d, location %d crashed "
	    "the decoder again and again; %s.", m->name, folder, loc, ok ?
	    "it is deleted from the SIM without being read" :
	    "deleting it failed, the modem will keep restarting");
	db_audit(m->db, m->name, "quarantine", ok, detail, now_wall());
}
