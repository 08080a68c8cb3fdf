/* csvout.c: CSV fields (see csvout.h). */
#include <math.h>
#include <string.h>
#include <csv.h>
#include "csvout.h"

void csvout_text(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\r\n") != NULL)
		csv_fwrite(f, s, strlen(s));
	else
		fputs(s, f);
}

void csvout_num(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, "%.6g", v);
}
