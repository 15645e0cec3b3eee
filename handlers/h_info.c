/*
 * INFO (BANTUAN, HELP): the keywords, in one SMS.
 */
#include "handlers.h"

int
h_info(struct svc *ctx, const char *args, struct reply *out)
{
	(void)args;
	reply_set(ctx, out, R_INFO, NULL);
	return 0;
}
