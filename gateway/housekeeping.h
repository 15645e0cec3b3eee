/*
 * The daemon's periodic chores, run from the main loop every
 * HOUSEKEEPING_SECONDS on the main thread's own database connection:
 * work that no new message would trigger, because it waits on time.
 */
#ifndef KABAR_HOUSEKEEPING_H
#define KABAR_HOUSEKEEPING_H

#include <stdint.h>

#include "db.h"
#include "runtime.h"

#define HOUSEKEEPING_SECONDS 10

/* Errors are logged by the db layer and the chore is tried next time. */
void	housekeeping_run(struct gateway *gw, struct db *db, int64_t now);

#endif
