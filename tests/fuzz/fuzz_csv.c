/*
 * Fuzz target: the CSV reader that takes resident lists from operators.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct csv_record r;
	FILE *f;
	int line = 0, rc, i;

	if (size == 0)
		return 0;
	f = fmemopen((void *)data, size, "r");
	if (f == NULL)
		return 0;
	while ((rc = csv_read(f, &r, &line)) == 0) {
		if (r.n < 1 || r.n > CSV_MAX_FIELDS)
			abort();
		for (i = 0; i < r.n; i++)
			if (strlen(r.field[i]) >= CSV_MAX_RECORD)
				abort();
	}
	fclose(f);
	return 0;
}
