/*
 * Housekeeping: multipart sets whose missing parts never came are handed
 * to the pipeline as they are, finished broadcasts get their summary, and
 * sends with no status report in time go again through another modem (or
 * are marked unknown where the network returns no reports), and once a
 * day personal data past its retention time goes. A chore that
 * queues work wakes the worker that takes it.
 */
#include "housekeeping.h"

#include "broadcast.h"
#include "config.h"
#include "modem.h"
#include "privacy.h"

void
housekeeping_run(struct gateway *gw, struct db *db, int64_t now)
{
	const struct gw_config *cfg = gw_config_get(gw);
	int released = db_parts_release(db, now - cfg->multipart_timeout,
	    now);

	if (broadcast_finish(db, cfg, now) > 0)
		wakeup_post(&gw->outbox_wake);
	/* No status report in time: another modem tries. */
	if (db_delivery_overdue(db, now - (int64_t)cfg->delivery_minutes * 60,
	    MODEM_MAX_TRIES, now) > 0)
		wakeup_post(&gw->outbox_wake);
	/* Personal data past its retention time, once a local day. */
	privacy_retention(db, cfg, now);
	gw_config_put(gw);
	if (released > 0)
		wakeup_post(&gw->inbox_wake);
}
