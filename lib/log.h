/*
 * Logging for the daemon and the tools: to stderr (the default, one line
 * each, with a timestamp), to the journal when systemd connected stderr
 * to it (each line with its priority, no timestamp), or to syslog. The
 * levels map to syslog priorities: ERROR err(3), WARN warning(4), INFO
 * info(6), DEBUG debug(7). Phone numbers and message bodies are logged
 * at debug level only; callers mask them otherwise.
 */
#ifndef KABAR_LOG_H
#define KABAR_LOG_H

enum log_level { LOG_LVL_ERROR, LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };

void	log_init(const char *progname, int use_syslog, enum log_level level);
void	log_set_level(enum log_level level);
int	log_debug_enabled(void);

void	log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_errorx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * A line for whoever reads stderr, as it is ("FILE:LINE: what is
 * wrong", no timestamp): the configuration errors that --check and the
 * start-up report. In the journal it carries the priority err.
 */
void	log_plain_error(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
/* Start-up only: log and exit with the given status. */
void	fatalx(int status, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3), noreturn));

#endif
