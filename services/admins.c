/*
 * Who may give an admin command: the admins of the configuration, with
 * their PIN, not locked out. Every try leaves an audit row.
 */
#include "service.h"

#include "log.h"
#include "phone.h"
#include "pin.h"

int
admin_auth(struct svc *ctx, const char *pin, const char *command)
{
	char masked[PHONE_MAX];
	int64_t left;
	int n;

	phone_mask(ctx->phone, masked, sizeof(masked));
	if (ctx->admin == NULL) {
		log_warnx("Admin command %s from %s, who is not an admin: "
		    "ignored.", command, masked);
		return db_audit(ctx->db, ctx->phone, command, 0, "not an admin",
		    ctx->now) == 0 ? 1 : -1;
	}
	left = db_lock_remaining(ctx->db, ctx->phone, ctx->now);
	if (left < 0)
		return -1;
	if (left > 0) {
		log_warnx("Admin command %s from %s: locked out for %lld more "
		    "seconds after wrong PINs.", command, masked,
		    (long long)left);
		return db_audit(ctx->db, ctx->phone, command, 0, "locked out",
		    ctx->now) == 0 ? 1 : -1;
	}
	if (!pin_verify(pin, ctx->admin->pin, ctx->admin->pin_hash)) {
		n = db_lock_fail(ctx->db, ctx->phone, ADMIN_MAX_FAILURES,
		    ctx->now + ADMIN_LOCK_SECONDS);
		if (n < 0)
			return -1;
		log_warnx("Admin command %s from %s: wrong PIN (%d of %d).",
		    command, masked, n, ADMIN_MAX_FAILURES);
		if (n >= ADMIN_MAX_FAILURES)
			log_warnx("%s is locked out of admin commands for an "
			    "hour.", masked);
		return db_audit(ctx->db, ctx->phone, command, 0,
		    n >= ADMIN_MAX_FAILURES ? "wrong PIN; locked out" :
		    "wrong PIN", ctx->now) == 0 ? 1 : -1;
	}
	if (db_lock_clear(ctx->db, ctx->phone) != 0)
		return -1;
	return db_audit(ctx->db, ctx->phone, command, 1, NULL, ctx->now);
}
