/*
 * The daemon's side of each modem: a thread that starts the worker
 * process (`kabard --modem NAME`, the same program), relays wake-ups both
 * ways over a socket pair, and starts the worker again when it dies, a
 * second later at first and up to 30 s apart when it keeps dying. The
 * worker gets SIGKILL if the daemon itself goes away, so a modem is never
 * driven by two processes.
 */
#include "modem.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

#define RESTART_MAX_S	30
/* A worker that lived this long was healthy: restart it at once. */
#define HEALTHY_S	60
#define TICK_MS		50

struct modem {
	struct gateway	*gw;
	char		*name;
	pthread_t	 thread;
	pid_t		 pid;
	int		 fd;
	char		 line[256];	/* from the worker, partial */
	int64_t		 heard_ms;	/* when it last said anything */
	size_t		 linelen;
	int		 restarts;
	int		 stuck;		/* the last worker was killed stuck */
	int		 watchdog_s;	/* quiet this long: stuck */
	/* Where the worker was reading ("reading F L" / "careful F L"),
	 * "" after "read"; and the place that crashed it, how often. */
	char		 place[48];
	char		 crash_place[48];
	int		 crashes;
	char		 next_arg[2][24];	/* --careful/--quarantine F:L */
};

/* Start the worker; 0, or -1 (logged). */
static int
spawn(struct modem *m)
{
	struct gateway *gw = m->gw;
	char *argv[14];
	int sv[2], argc = 0;
	sigset_t none;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		log_warn("Modem %s: socketpair", m->name);
		return -1;
	}
	argv[argc++] = (char *)gw->exe;
	argv[argc++] = (char *)"--modem";
	argv[argc++] = m->name;
	argv[argc++] = (char *)"-c";
	argv[argc++] = (char *)gw->cfg_path;
	if (gw->verbose)
		argv[argc++] = (char *)"-v";
	if (gw->use_syslog)
		argv[argc++] = (char *)"--syslog";
	if (m->stuck) {
		argv[argc++] = (char *)"--after-hang";
		m->stuck = 0;
	}
	if (m->next_arg[0][0] != '\0') {
		argv[argc++] = m->next_arg[0];
		argv[argc++] = m->next_arg[1];
	}
	argv[argc] = NULL;
	sigemptyset(&none);
	pid = fork();
	if (pid < 0) {
		log_warn("Modem %s: fork", m->name);
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		/* Only async-signal-safe calls until exec. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (dup2(sv[1], 3) < 0)
			_exit(127);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execv(gw->exe, argv);
		_exit(127);
	}
	close(sv[1]);
	m->next_arg[0][0] = '\0';
	m->place[0] = '\0';
	m->fd = sv[0];
	m->pid = pid;
	m->linelen = 0;
	m->heard_ms = now_mono_ms();
	return 0;
}

/* A line from the worker. */
static void
heard(struct modem *m, const char *line)
{
	if (strncmp(line, "reading ", 8) == 0 ||
	    strncmp(line, "careful ", 8) == 0)
		strlcpy_k(m->place, line, sizeof(m->place));
	else if (strcmp(line, "read") == 0)
		m->place[0] = '\0';
	else if (strcmp(line, "inbox") == 0)
		wakeup_post(&m->gw->inbox_wake);
	else if (strcmp(line, "outbox") == 0)
		wakeup_post(&m->gw->outbox_wake);
}

/* Read what the worker said; -1 when it closed its end. */
static int
listen_worker(struct modem *m)
{
	char buf[256];
	ssize_t n, i;

	n = read(m->fd, buf, sizeof(buf));
	if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
		return -1;
	m->heard_ms = now_mono_ms();
	for (i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			m->line[m->linelen] = '\0';
			heard(m, m->line);
			m->linelen = 0;
		} else if (m->linelen < sizeof(m->line) - 1)
			m->line[m->linelen++] = buf[i];
	}
	return 0;
}

static void
say(struct modem *m, char what)
{
	/* A full socket already holds a wake-up; nothing is lost. */
	if (write(m->fd, &what, 1) < 0 && errno != EAGAIN)
		log_debug("Modem %s: cannot reach the worker", m->name);
}

/*
 * A worker died of a signal while reading at m->place. The same place
 * three times: the next worker reads carefully from there; a crash while
 * reading carefully names the message, which the next worker deletes.
 */
static void
crashed_reading(struct modem *m)
{
	int folder, loc;
	char what[16];

	if (sscanf(m->place, "%15s %d %d", what, &folder, &loc) != 3)
		return;
	if (strcmp(what, "careful") == 0) {
		snprintf(m->next_arg[0], sizeof(m->next_arg[0]), "--quarantine");
		snprintf(m->next_arg[1], sizeof(m->next_arg[1]), "%d:%d",
		    folder, loc);
		m->crashes = 0;
		m->crash_place[0] = '\0';
		return;
	}
	if (strcmp(m->place, m->crash_place) == 0)
		m->crashes++;
	else {
		strlcpy_k(m->crash_place, m->place, sizeof(m->crash_place));
		m->crashes = 1;
	}
	log_warnx("Modem %s's worker died reading past folder %d, location "
	    "%d (%d time%s).", m->name, folder, loc, m->crashes,
	    m->crashes == 1 ? "" : "s");
	if (m->crashes >= 3) {
		snprintf(m->next_arg[0], sizeof(m->next_arg[0]), "--careful");
		snprintf(m->next_arg[1], sizeof(m->next_arg[1]), "%d:%d",
		    folder, loc);
		m->crashes = 0;
		m->crash_place[0] = '\0';
	}
}

static const char *
how_it_ended(int status, char *buf, size_t bufsz)
{
	if (WIFSIGNALED(status))
		snprintf(buf, bufsz, "killed by signal %d (%s)",
		    WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(buf, bufsz, "exit status %d", WEXITSTATUS(status));
	return buf;
}

/* Until the worker ends; 1 when the daemon is stopping. */
static int
supervise_one(struct modem *m)
{
	struct gateway *gw = m->gw;
	unsigned long out_seen = wakeup_gen(&gw->outbox_wake);
	unsigned long reload_seen = atomic_load(&gw->reloads);
	int64_t term_at = 0;
	struct pollfd p;

	for (;;) {
		p.fd = m->fd;
		p.events = POLLIN;
		p.revents = 0;
		if (poll(&p, 1, TICK_MS) > 0 && listen_worker(m) != 0)
			return atomic_load(&gw->stopping);
		if (atomic_load(&gw->stopping)) {
			if (term_at == 0) {
				kill(m->pid, SIGTERM);
				term_at = now_mono_ms();
			} else if (now_mono_ms() - term_at >
			    MODEM_STOP_SECONDS * 1000) {
				log_warnx("Modem %s's worker did not stop; "
				    "killing it.", m->name);
				kill(m->pid, SIGKILL);
				term_at = now_mono_ms();
			}
			continue;
		}
		if (now_mono_ms() - m->heard_ms > m->watchdog_s * 1000) {
			log_errorx("Modem %s's worker has been stuck for %d s "
			    "(the modem or its driver stopped answering); "
			    "killing it.", m->name, m->watchdog_s);
			kill(m->pid, SIGKILL);
			m->heard_ms = now_mono_ms();
			m->stuck = 1;
		}
		if (wakeup_gen(&gw->outbox_wake) != out_seen) {
			out_seen = wakeup_gen(&gw->outbox_wake);
			say(m, 'o');
		}
		if (atomic_load(&gw->reloads) != reload_seen) {
			reload_seen = atomic_load(&gw->reloads);
			say(m, 'r');
		}
	}
}

static void *
supervise(void *arg)
{
	struct modem *m = arg;
	struct gateway *gw = m->gw;
	int delay = 1, status, stopping = 0, reading_crash;
	int64_t started, until;
	char why[96];

	while (!stopping) {
		if (spawn(m) != 0) {
			sleep_ms(1000);
			stopping = atomic_load(&gw->stopping);
			continue;
		}
		started = now_mono_ms();
		reading_crash = 0;
		stopping = supervise_one(m);
		close(m->fd);
		m->fd = -1;
		while (waitpid(m->pid, &status, 0) < 0 && errno == EINTR)
			;
		if (stopping || atomic_load(&gw->stopping))
			break;
		if (now_mono_ms() - started > HEALTHY_S * 1000)
			delay = 1;
		/* Died while reading: a crash, or an abort that a sanitizer
		 * or the C library turned into an exit status. */
		if (m->place[0] != '\0' && ((WIFSIGNALED(status) &&
		    WTERMSIG(status) != SIGKILL) || (WIFEXITED(status) &&
		    WEXITSTATUS(status) != 0))) {
			crashed_reading(m);
			/* Each such crash brings the culprit closer: no
			 * longer waits on the way to deleting it. */
			delay = 1;
			reading_crash = 1;
		}
		m->restarts++;
		log_errorx("Modem %s's worker ended (%s); starting it again in "
		    "%d s.", m->name, how_it_ended(status, why, sizeof(why)),
		    delay);
		for (until = now_mono_ms() + delay * 1000;
		    now_mono_ms() < until && !atomic_load(&gw->stopping);)
			sleep_ms(100);
		if (!reading_crash)
			delay = delay * 2 > RESTART_MAX_S ? RESTART_MAX_S :
			    delay * 2;
		stopping = atomic_load(&gw->stopping);
	}
	return NULL;
}

struct modem *
modem_start(struct gateway *gw, const struct modem_conf *mc, char *err,
    size_t errsz)
{
	struct modem *m = xcalloc(1, sizeof(*m));

	m->gw = gw;
	m->name = xstrdup(mc->name);
	m->fd = -1;
	m->watchdog_s = mc->watchdog_seconds;
	if (pthread_create(&m->thread, NULL, supervise, m) != 0) {
		snprintf(err, errsz, "cannot start modem %s", m->name);
		free(m->name);
		free(m);
		return NULL;
	}
	return m;
}

void
modem_stop(struct modem *m)
{
	if (m == NULL)
		return;
	pthread_join(m->thread, NULL);
	free(m->name);
	free(m);
}
