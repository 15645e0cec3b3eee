/*
 * Collecting request bodies with a cap: past it the rest is dropped and
 * the request is marked, so the handler answers 413 rather than grow.
 */
#include "upload.h"

#include <stdlib.h>

int
upload_step(void **con_cls, const char *data, size_t *data_size, size_t cap)
{
	struct upload *up = *con_cls;

	if (up == NULL) {
		*con_cls = xcalloc(1, sizeof(*up));
		return 1;
	}
	if (*data_size > 0) {
		if (up->body.len + *data_size > cap)
			up->too_big = 1;
		else
			sb_add(&up->body, data, *data_size);
		*data_size = 0;
		return 1;
	}
	return 0;
}

void
upload_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct upload *up = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (up != NULL) {
		sb_free(&up->body);
		free(up);
		*con_cls = NULL;
	}
}
