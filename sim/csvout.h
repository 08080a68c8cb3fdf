/*
 * csvout.h: fields of the CSV files ccsim writes (RFC 4180).
 *
 * Text is written as it is when plain, and quoted by libcsv (inner quotes
 * doubled) when it holds a comma, a quote, CR or LF.  Numbers use "%.6g";
 * NaN and infinities give an empty field (no value).  Rows end with "\n".
 */
#ifndef CCSIM_CSVOUT_H
#define CCSIM_CSVOUT_H

#include <stdio.h>

void csvout_text(FILE *f, const char *s);
void csvout_num(FILE *f, double v);

#endif
