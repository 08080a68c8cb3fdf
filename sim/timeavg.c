/* timeavg.c: area under a piecewise-constant level (see timeavg.h). */
#include "timeavg.h"

void timeavg_start(struct timeavg *ta, double t, double level)
{
	ta->level = level;
	ta->since = t;
	ta->area = 0.0;
}

void timeavg_set(struct timeavg *ta, double t, double level)
{
	ta->area += ta->level * (t - ta->since);
	ta->since = t;
	ta->level = level;
}

void timeavg_add(struct timeavg *ta, double t, double delta)
{
	timeavg_set(ta, t, ta->level + delta);
}

double timeavg_cut(struct timeavg *ta, double t)
{
	double area = ta->area + ta->level * (t - ta->since);
	ta->area = 0.0;
	ta->since = t;
	return area;
}
