/*
 * Inside a modem worker process only: the worker's state, shared by
 * modem_gammu.c (connecting, the loop), modem_send.c (the outbox's
 * admission rules and sending), modem_receive.c, modem_care.c (health,
 * resets, SIM credit, missed calls, telling the admins) and
 * modem_quarantine.c.
 */
#ifndef KABAR_WORKER_H
#define KABAR_WORKER_H

#include <gammu.h>
#include <stdint.h>

#include "clock.h"
#include "db.h"
#include "runtime.h"

/* Received messages committed together before they are deleted. */
#define RECV_BATCH	32
/* Batches read before the worker turns to sending, so that replies flow
 * while a full SIM is being emptied. */
#define RECV_BATCHES_PER_TURN 4
/* Messages stored and not flushed wait this long for the flush of
 * their reply's claim (mostly tens of ms) before the worker flushes for
 * them alone and reads the phone again (they must be gone from it
 * first); below the default poll_ms, so that only a shorter poll waits. */
#define KEPT_WAIT_MS	500
/* Unreadable places remembered at once (a SIM full of them is read
 * WORKER_BAD at a time, the rest next time round). */
#define WORKER_BAD	16
/* Calls remembered between two turns of the loop. */
#define WORKER_CALLS	8

struct worker {
	struct gateway	*gw;
	/* What it keeps of its modem_conf (a reload may free that). */
	char		*name;
	char		*device;
	char		*connection;
	char		*model;
	int		 send_per_minute;
	int		 poll_ms;
	int		 daily_cap;
	int		 rest_seconds;
	int		 health_seconds;
	int		 delivery_reports;
	char		*prefixes_json;
	char		*reset_command;
	char		*balance_ussd;
	char		*balance_pattern;
	int		 balance_hours;
	long		 balance_warn;
	long		 balance_floor;
	char		 country_code[8];
	int		 n_modems;	/* in the configuration */

	int		 fd;			/* to the daemon */
	struct db	*db;
	GSM_StateMachine *sm;
	int		 connected;
	char		 state[16];		/* last state logged */
	char		 last_error[256];

	GSM_MultiSMSMessage *msms;		/* reused buffer */
	GSM_SMSMessage	*one;			/* reused for deletes */

	/* the callback's answer to the send in hand */
	int		 send_done;
	int		 send_status;
	int		 send_ref;

	int64_t		*sent_ms;		/* ring of recent part times */
	int		 sent_pos;
	int64_t		 last_poll_ms;
	int64_t		 last_health_ms;
	/* places the driver cannot read, each with the sweeps that met it */
	struct bad_place {
		int	 folder, loc;
		int	 sweeps;
		unsigned sweep;			/* the last that met it */
	}		 bad[WORKER_BAD];
	int		 n_bad;
	unsigned	 sweep;			/* sweeps so far */
	int		 reports_requeued;	/* to tell the others */
	int		 fails_in_row;		/* sends, as last recorded */
	int64_t		 alive_ms;		/* last "alive" said */
	int		 careful_folder, careful_loc;	/* -1: not careful */
	/* stored and committed, not yet flushed: they leave the SIM after
	 * the next flush (receive_flushed) */
	struct kept_place {
		int	 folder, loc;
	}		 kept[RECV_BATCH];
	int		 n_kept;
	int64_t		 kept_ms;		/* monotonic, the first kept */

	/* health and resets */
	int		 ever_up;		/* told the admins it went down */
	int		 told_down;
	int		 failed_connects;	/* in a row */
	int64_t		 reset_command_at;	/* monotonic ms, 0: never */

	/* SIM credit */
	int64_t		 last_balance_ms;
	long		 balance;		/* rupiah, -1: not known */
	int		 ussd_done;
	char		 ussd_text[512];

	/* missed calls, from the callback */
	char		 calls[WORKER_CALLS][32];
	int		 n_calls;
	char		 last_call[32];
	int64_t		 last_call_ms;

	/* the time (lib/clock.h) */
	struct clock_watch clock;
	int		 clock_held;		/* said broadcasts wait for it */
	int		 no_clock;		/* the modem has none to read */
};

/* modem_gammu.c */
void	worker_state(struct worker *m, const char *state, const char *error);
/* One line to the daemon ("inbox", "outbox"). */
void	worker_tell(struct worker *m, const char *line);
/* Where the next read starts ("reading"/"careful", folder, location). */
void	worker_place(struct worker *m, const char *what, int folder, int loc);
/*
 * A message the driver cannot read, or that crashed its decoder: its raw
 * bytes are read past the driver and stored (its text too, where it can
 * be read from them), and only then is it deleted from the SIM. 0 kept
 * and deleted, -1 left where it is (said in the log).
 */
int	rescue(struct worker *m, int folder, int loc, const char *why);
/* Tell the supervisor the worker is not stuck (watchdog_seconds). */
void	worker_alive(struct worker *m);
int	worker_connection_lost(GSM_Error e);
/* Queue an SMS to every admin, through whichever modem can. */
void	worker_tell_admins(struct worker *m, const char *text);

/* modem_send.c */
/* Send queued rows while the rules allow: how many went, or -1 when the
 * connection was lost. */
int	send_queued(struct worker *m);
/* Free send slots in the last minute (each part takes one). */
int	send_room(struct worker *m, int64_t now_ms);
/* libgammu's answer to the send in hand (GSM_SetSendSMSStatusCallback). */
void	send_status_cb(GSM_StateMachine *sm, int status, int ref, void *data);

/* modem_receive.c: messages handled, or -1 when the modem stopped
 * answering. */
int	receive_all(struct worker *m);
/*
 * The messages stored since the last flush go from the phone: after a
 * flush of its own, unless flushed says one was just made (the claim of
 * a reply). Left on the phone when the flush fails; read again, they
 * are known and deleted then.
 */
void	receive_flushed(struct worker *m, int flushed);
/* A libgammu date as seconds since the epoch, its zone applied; 0 when
 * it has no date. */
int64_t	gsm_time(const GSM_DateTime *dt);

/* modem_care.c */
/* After connecting: callbacks for calls and USSD, prefixes recorded. */
void	care_connected(struct worker *m);
/* Signal, registration, operator; -1 when the modem stopped answering. */
int	care_health(struct worker *m);
/* The connection failed or was lost: tell, reset, run reset_command. */
void	care_lost(struct worker *m, const char *why);
/* Check the SIM credit when due or asked. */
void	care_balance(struct worker *m);
/* Missed calls the callback noted become messages. */
void	care_calls(struct worker *m);
/* 1 when broadcasts may go on this modem (credit above the floor). */
int	care_bulk_ok(struct worker *m);

#endif
