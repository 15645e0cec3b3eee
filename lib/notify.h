/*
 * Telling the service manager how a daemon is doing: systemd's sd_notify
 * protocol (sd_notify(3)). Under a unit of Type=notify, NOTIFY_SOCKET names
 * the manager's socket; without it every call here does nothing, so the
 * daemons run the same by hand, under another supervisor or in the tests.
 *
 * The main thread alone calls these (READY=1, WATCHDOG=1 and STOPPING=1
 * must come from the unit's main process: NotifyAccess=main). Nothing is
 * returned: a manager that cannot be told is no reason to stop working,
 * and the watchdog, if it was wanted, says so by restarting us.
 */
#ifndef KABAR_NOTIFY_H
#define KABAR_NOTIFY_H

#include <stdint.h>

/* Whether a service manager listens (NOTIFY_SOCKET): a STATUS= line
 * that costs a query is not worth making otherwise. */
int	notify_wanted(void);
/* Start-up is over, the service is up: READY=1 with a STATUS= line. */
void	notify_ready(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
/* A STATUS= line alone: what `systemctl status` shows. */
void	notify_status(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
/* Around a reload: RELOADING=1 before; notify_ready() after. */
void	notify_reloading(void);
/* Shutdown has begun: STOPPING=1 with a STATUS= line. */
void	notify_stopping(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

/*
 * How often to send WATCHDOG=1, in milliseconds: half of the
 * WATCHDOG_USEC the manager set for this process (WatchdogSec=), at least
 * 1; 0 when no watchdog is wanted. Read once at start-up.
 */
int64_t	notify_watchdog_interval_ms(void);
void	notify_watchdog(void);

#endif
