/*
 * Request bodies for libmicrohttpd handlers, collected up to a cap. Both
 * kabard's endpoint and kabar-district use it.
 */
#ifndef KABAR_UPLOAD_H
#define KABAR_UPLOAD_H

#include <microhttpd.h>
#include <stddef.h>

#include "util.h"

struct upload {
	struct strbuf	 body;
	int		 too_big;	/* more than the cap arrived */
};

/*
 * Call first thing in the access handler: 1 when this call only set up
 * or took body data (answer MHD_YES), 0 when the body is complete and the
 * request is to be answered from *con_cls.
 */
int	upload_step(void **con_cls, const char *data, size_t *data_size,
	    size_t cap);
/* MHD_OPTION_NOTIFY_COMPLETED callback that frees the body. */
void	upload_completed(void *cls, struct MHD_Connection *c, void **con_cls,
	    enum MHD_RequestTerminationCode toe);

#endif
