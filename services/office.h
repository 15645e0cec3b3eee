/*
 * The village office's services: letter requests and their statuses, the
 * NIK (checked for shape, stored, never echoed), complaint categories and
 * their offices, and the residents' marks after a finished service.
 */
#ifndef KABAR_OFFICE_H
#define KABAR_OFFICE_H

#include "service.h"

#define NIK_LEN 16

/*
 * Find a 16-digit NIK in text: 1 and the NIK in nik (17 bytes) with its
 * place in *at when one has the shape of a NIK (province code, day and
 * month of birth), 0 when none.
 */
int	nik_find(const char *text, char *nik, size_t *at);
/* The statuses a ticket of kind may take, NULL-terminated. */
const char *const *office_statuses(const char *kind);
/* The category whose words appear in text, or NULL. */
const struct category_conf *office_guess(const struct gw_config *cfg,
	    const char *text);
/* Forward a complaint to its category's contacts. */
int	office_forward(struct svc *ctx, const char *ticket,
	    const struct category_conf *cat, const char *text);
/* After a status change: the letter's "ready" SMS, the request for a
 * mark, each with the staff's note; *told when one of them went. */
int	office_after_change(struct svc *ctx, const struct ticket *t,
	    const char *status, const char *note, int *told);
/* A single digit 1-5 answering a request for a mark; 1 when it is not. */
int	office_feedback(struct svc *ctx, const char *kw, struct reply *out);

#endif
