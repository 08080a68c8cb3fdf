/*
 * plot.h: the plot driver, the only module that starts gnuplot.
 *
 * A template plots/<name>.gp reads the CSV a run wrote and draws it; the
 * driver runs it twice (PNG through pngcairo, SVG), passing the input file,
 * the output file and the template's variables with gnuplot's -e, into
 * temporary names renamed into place when gnuplot succeeds.
 * Templates are looked up in $CCSIM_PLOTS, then <exe>/../plots (build
 * tree), then <exe>/../share/ccsim/plots (installed), then the compile-time
 * CCSIM_DATADIR/plots.
 */
#ifndef CCSIM_PLOT_H
#define CCSIM_PLOT_H

#include "experiment.h"

/* True when a gnuplot program can be run. */
int plot_available(void);

/* Directory holding the templates, or NULL (then plots are skipped). */
const char *plot_template_dir(void);

/* Draws the standard plots of an experiment whose CSV files are already in
 * dir: for each voice contact type, from intervals.csv, service level per
 * interval with its CI band against the target, and calls presented vs
 * agents per interval (<plot>-<type>.png/svg); when the scenario has
 * deferred types, from deferred_days.csv and deferred_weeks.csv, the
 * end-of-day backlog per day and the share within deadline per week of
 * every (type, step) (backlog.png/svg).  Each as PNG and SVG.  STATUS_OK,
 * or STATUS_EIO when gnuplot fails (a message goes to errors). */
int plot_experiment(const struct experiment *ex, const char *dir, FILE *errors);

/* Draws any template: runs TEMPLATE_DIR/<tpl>.gp twice, into DIR/<base>.png
 * and DIR/<base>.svg, with the variables
 *     datafile='<datafile>'; outfile='<temporary name>'; term='png'|'svg'
 * followed by `vars` (NULL or more gnuplot assignments such as
 * "name='day'; interval_s=1800"; the caller keeps single quotes and control
 * characters out of its strings).  datafile and dir may not hold a single
 * quote or a control character.  Each file appears only when gnuplot
 * succeeds.  STATUS_OK, or STATUS_EIO after a message to errors. */
int plot_render(const char *tpl, const char *datafile, const char *dir,
		const char *base, const char *vars, FILE *errors);

#endif
