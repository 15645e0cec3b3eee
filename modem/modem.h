/*
 * Modems. Each configured modem has one worker process that owns its
 * libgammu state machine: it connects (backing off 1 s, 2 s, … 60 s),
 * reads every received SMS, commits it to the inbox and only then deletes
 * it from the phone, and sends queued outbox rows within the modem's rate.
 * A thread in the daemon supervises each worker and starts it again when
 * it dies, so a crash inside libgammu costs one modem a few seconds.
 * Nothing outside modem/ calls libgammu.
 */
#ifndef KABAR_MODEM_H
#define KABAR_MODEM_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "runtime.h"

/* Tries in all before an outbound SMS is marked failed. */
#define MODEM_MAX_TRIES 3

/* Starts the worker process and its supervisor (modem_supervisor.c). */
struct modem *modem_start(struct gateway *gw, const struct modem_conf *mc,
	    char *err, size_t errsz);
/* Call after gw->stopping is set: the worker finishes the send in hand
 * and exits (or is killed after MODEM_STOP_SECONDS); joins, frees. */
#define MODEM_STOP_SECONDS 4
void	modem_stop(struct modem *m);

/* What the supervisor tells a worker it starts about the last one. */
struct worker_start {
	/* The last worker was killed because the modem stopped answering:
	 * this one starts by saying so (state, admins). */
	int	 after_hang;
	/* The decoder crashed 3 times reading after this place: read one
	 * location at a time from there, to find the message (-1: no). */
	int	 careful_folder, careful_loc;
	/* The decoder crashed on this very message: delete it from the SIM
	 * without reading it (-1: no). */
	int	 bad_folder, bad_loc;
};

/*
 * The worker itself, in its own process (`kabard --modem NAME`): runs
 * until gw->stopping or until fd, its socket to the daemon, closes.
 */
int	modem_worker_run(struct gateway *gw, const struct modem_conf *mc,
	    int fd, const struct worker_start *ws);
/* "FOLDER:LOCATION" into two ints: 0, or -1. */
int	modem_place(const char *s, int *folder, int *loc);

/* A received SMS to put into a dummy phone's folder (`kabar inject`). */
struct inject {
	const char	*from;		/* as the network would show it */
	const char	*text;		/* UTF-8 */
	int64_t		 when;		/* SMSC time stamp */
	int		 ucs2;		/* force UCS-2 even if GSM-7 fits */
	int		 ref;		/* concatenation reference, 0: pick */
	int		 only_part;	/* write just this part (1-based), 0: all */
};

/*
 * Write the message into DIR/sms/3/ the way the dummy phone stores a
 * received SMS, split into concatenated parts when it is long. Each file
 * appears atomically. Returns the number of parts written, or -1 with
 * err set.
 */
int	modem_dummy_inject(const char *dir, const struct inject *in,
	    char *err, size_t errsz);

#endif
