/*
 * The sd_notify calls behind notify.h. libsystemd does the protocol (the
 * datagram, abstract socket names, the credentials); this file only words
 * the messages. The only file that includes <systemd/sd-daemon.h>.
 */
#include "notify.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <systemd/sd-daemon.h>

/* A STATUS= line is for a person: one line, kept short. */
#define NOTIFY_STATUS_MAX 256

static void
vnotify(const char *state, const char *fmt, va_list ap)
{
	char status[NOTIFY_STATUS_MAX];
	size_t i;

	vsnprintf(status, sizeof(status), fmt, ap);
	for (i = 0; status[i] != '\0'; i++)
		if (status[i] == '\n')
			status[i] = ' ';
	if (state != NULL)
		sd_notifyf(0, "%s\nSTATUS=%s", state, status);
	else
		sd_notifyf(0, "STATUS=%s", status);
}

int
notify_wanted(void)
{
	const char *e = getenv("NOTIFY_SOCKET");

	return e != NULL && e[0] != '\0';
}

void
notify_ready(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnotify("READY=1", fmt, ap);
	va_end(ap);
}

void
notify_status(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnotify(NULL, fmt, ap);
	va_end(ap);
}

void
notify_reloading(void)
{
	sd_notify(0, "RELOADING=1\nSTATUS=Reloading the configuration.");
}

void
notify_stopping(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnotify("STOPPING=1", fmt, ap);
	va_end(ap);
}

int64_t
notify_watchdog_interval_ms(void)
{
	uint64_t usec = 0;
	int64_t ms;

	/* > 0 only when WATCHDOG_USEC is set and WATCHDOG_PID, if set, is
	 * this process: a modem worker inherits both and answers 0. */
	if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
		return 0;
	ms = (int64_t)(usec / 2000);
	return ms > 0 ? ms : 1;
}

void
notify_watchdog(void)
{
	sd_notify(0, "WATCHDOG=1");
}
