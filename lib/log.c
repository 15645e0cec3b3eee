/*
 * The log sink. One mutex keeps lines from different workers whole; the
 * level is read without it because a torn read of an int is harmless.
 *
 * Three ways out, chosen once by log_init:
 * - syslog(3), with --syslog;
 * - the journal's stream: when systemd connected stderr to the journal
 *   (JOURNAL_STREAM names stderr's device and inode), each line carries
 *   its priority as sd-daemon(3)'s "<N>" prefix and no timestamp or
 *   program name, which the journal adds itself;
 * - otherwise stderr for a person: timestamp, program, level, message.
 */
#include "log.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

enum log_sink { LOG_SINK_STDERR, LOG_SINK_JOURNAL, LOG_SINK_SYSLOG };

static const char *log_prog = "kabar";
static enum log_sink log_sink;
static enum log_level log_level = LOG_LVL_INFO;
static pthread_mutex_t log_mtx = PTHREAD_MUTEX_INITIALIZER;

/*
 * Whether stderr is the journal stream systemd gave this process: the
 * variable alone is not enough, a child whose stderr was redirected
 * inherits it too (systemd.exec(5), JOURNAL_STREAM).
 */
static int
stderr_is_journal(void)
{
	const char *env = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;
	char tail;

	if (env == NULL ||
	    sscanf(env, "%llu:%llu%c", &dev, &ino, &tail) != 2)
		return 0;
	if (fstat(STDERR_FILENO, &st) != 0)
		return 0;
	return (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino;
}

void
log_init(const char *progname, int use_syslog, enum log_level level)
{
	log_prog = progname;
	log_level = level;
	if (use_syslog) {
		log_sink = LOG_SINK_SYSLOG;
		openlog(progname, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	} else if (stderr_is_journal())
		log_sink = LOG_SINK_JOURNAL;
	else
		log_sink = LOG_SINK_STDERR;
}

void
log_set_level(enum log_level level)
{
	log_level = level;
}

int
log_debug_enabled(void)
{
	return log_level >= LOG_LVL_DEBUG;
}

static void
vlog(enum log_level lvl, const char *errstr, const char *fmt, va_list ap)
{
	static const char *const names[] = { "ERROR", "WARN", "INFO", "DEBUG" };
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	char msg[2048];
	struct timespec ts;
	struct tm tm;

	if (lvl > log_level)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (log_sink == LOG_SINK_SYSLOG) {
		if (errstr != NULL)
			syslog(prio[lvl], "%s: %s", msg, errstr);
		else
			syslog(prio[lvl], "%s", msg);
		return;
	}
	if (log_sink == LOG_SINK_JOURNAL) {
		pthread_mutex_lock(&log_mtx);
		fprintf(stderr, "<%d>%s%s%s\n", prio[lvl], msg,
		    errstr ? ": " : "", errstr ? errstr : "");
		fflush(stderr);
		pthread_mutex_unlock(&log_mtx);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	pthread_mutex_lock(&log_mtx);
	fprintf(stderr, "%04d-%02d-%02d %02d:%02d:%02d.%03ld %s %s: %s%s%s\n",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000, log_prog, names[lvl],
	    msg, errstr ? ": " : "", errstr ? errstr : "");
	fflush(stderr);
	pthread_mutex_unlock(&log_mtx);
}

void
log_warn(const char *fmt, ...)
{
	char buf[128];
	const char *es;
	va_list ap;
	int saved = errno;

	es = strerror_r(saved, buf, sizeof(buf));
	va_start(ap, fmt);
	vlog(LOG_LVL_WARN, es, fmt, ap);
	va_end(ap);
	errno = saved;
}

#define LOG_FN(name, lvl)						\
void									\
name(const char *fmt, ...)						\
{									\
	va_list ap;							\
									\
	va_start(ap, fmt);						\
	vlog(lvl, NULL, fmt, ap);					\
	va_end(ap);							\
}

LOG_FN(log_warnx, LOG_LVL_WARN)
LOG_FN(log_errorx, LOG_LVL_ERROR)
LOG_FN(log_info, LOG_LVL_INFO)
LOG_FN(log_debug, LOG_LVL_DEBUG)

void
log_plain_error(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&log_mtx);
	fprintf(stderr, "%s%s\n", log_sink == LOG_SINK_JOURNAL ? "<3>" : "",
	    msg);
	fflush(stderr);
	pthread_mutex_unlock(&log_mtx);
}

void
fatalx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_LVL_ERROR, NULL, fmt, ap);
	va_end(ap);
	exit(status);
}
