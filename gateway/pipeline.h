/*
 * The pipeline: takes each stored inbox row, runs its handler and queues
 * the reply, with the handler's effects, the reply row and the "handled"
 * mark in one transaction, so a crash at any point leaves the row either
 * untouched (handled again after restart) or completely handled. Rows
 * that wait together are handled a few to a transaction (fewer writes to
 * the card, docs/PERFORMANCE.md); each keeps its all-or-nothing.
 */
#ifndef KABAR_PIPELINE_H
#define KABAR_PIPELINE_H

#include <stdint.h>

#include "db.h"
#include "runtime.h"

/* Handled rows are not tried again; this many failures sets a row aside. */
#define PIPELINE_MAX_FAILURES 3
/* At most this many rows in one transaction. */
#define PIPELINE_BATCH 32

struct pipeline *pipeline_start(struct gateway *gw, char *err, size_t errsz);
/* Call after gw->stopping is set; finishes the row in hand, joins, frees. */
void	pipeline_stop(struct pipeline *p);

/*
 * Handle the oldest unhandled row. 0: handled (its id in *id), 1: nothing
 * waiting, -1: failed and rolled back (its id in *id when known).
 */
int	pipeline_handle_one(struct db *db, const struct gw_config *cfg,
	    int64_t now, int64_t *id);
/*
 * The same for up to max rows, oldest first, in one transaction. 0: one
 * or more handled; 1: nothing waiting; -1: the first row failed (its id
 * in *id) or the database did (*id 0), nothing kept. A later row that
 * fails is undone alone and comes first in the next call.
 */
int	pipeline_handle_some(struct db *db, const struct gw_config *cfg,
	    int64_t now, int max, int64_t *id);
/* Set a row aside that keeps failing, so the rest keep flowing. */
int	pipeline_set_aside(struct db *db, int64_t id, int64_t now);

#endif
