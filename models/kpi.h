/*
 * kpi.h: contact-centre KPIs of inbound calls, from raw counts.
 *
 * Counts of one period (an interval, a day, the horizon), calls attributed
 * to the interval in which they arrive:
 *   R   received            every call that arrives, open or closed
 *   N   presented (offered) calls that arrive while open: N = A + B
 *   A   answered            B   abandoned
 *   A_T answered within T   B_T abandoned within T (wait <= T)
 *   B_s short abandons      (wait < the short-abandon threshold)
 * Service level, by the formula the scenario chooses:
 *   SL_OVER_ANSWERED               A_T / A
 *   SL_OVER_PRESENTED              A_T / (A + B)
 *   SL_EXCLUDING_ABANDONED_WITHIN  A_T / (A + B - B_T)
 *   SL_COUNTING_ABANDONED_WITHIN   (A_T + B_T) / (A + B)
 *   SL_EXCLUDING_SHORT             A_T / (A + B - B_s)
 * abandon rate   B / (A + B), or (B - B_s) / (A + B - B_s) when short
 *                abandons are excluded
 * accessibility  A / (A + B)           (answered over presented)
 * ASA            sum of waits of answered calls / A
 * mean wait      sum of waits of presented calls (answered: until answer;
 *                abandoned: until hang-up) / (A + B)
 * p90, p95, max  quantiles and maximum of the waits of presented calls
 * occupancy      agent-seconds busy (handling or wrap-up) / agent-seconds
 *                logged in, over the groups that serve the contact type
 * A ratio with a zero denominator is undefined and returned as NaN; reports
 * print it as empty ("-", null), never as a number.
 */
#ifndef CCSIM_KPI_H
#define CCSIM_KPI_H

#include <stdbool.h>
#include <stdint.h>

#define KPI_MAX_THRESHOLDS 8

struct kpi_counts {
	uint64_t received;
	uint64_t presented;
	uint64_t answered;
	uint64_t abandoned;
	uint64_t short_abandons;
	uint64_t answered_within[KPI_MAX_THRESHOLDS];
	uint64_t abandoned_within[KPI_MAX_THRESHOLDS];
	double wait_answered_s;  /* sum of waits of answered calls */
	double wait_all_s;       /* sum of waits of presented calls */
	double max_wait_s;
};

enum kpi {
	KPI_RECEIVED,
	KPI_PRESENTED,
	KPI_ANSWERED,
	KPI_ABANDONED,
	KPI_SHORT_ABANDONS,
	KPI_ANSWERED_WITHIN,
	KPI_SERVICE_LEVEL,
	KPI_ABANDON_RATE,
	KPI_ACCESSIBILITY,
	KPI_ASA,
	KPI_MEAN_WAIT,
	KPI_P90_WAIT,
	KPI_P95_WAIT,
	KPI_MAX_WAIT,
	KPI_OCCUPANCY,
	KPI_COUNT
};

enum sl_formula {
	SL_OVER_ANSWERED,
	SL_OVER_PRESENTED,
	SL_EXCLUDING_ABANDONED_WITHIN,
	SL_COUNTING_ABANDONED_WITHIN,
	SL_EXCLUDING_SHORT
};

/* How a contact type turns counts into rates. */
struct kpi_rules {
	enum sl_formula sl_formula;
	bool abandon_excludes_short;
};

/* Wait percentiles of the presented calls of a period; NaN when none. */
struct kpi_waits {
	double p90_s;
	double p95_s;
};

/* Busy and logged-in agent-seconds of the groups serving a contact type. */
struct kpi_agent_time {
	double busy_s;
	double logged_s;
};

/*
 * Deferred work (e-mails, web forms, letters, complaint steps, recourse):
 * counts of one step of one contact type, the contacts attributed to the
 * day on which they were received (docs/kpis.md):
 *   received          contacts received (each has every step to do)
 *   completed         of which this step was completed by the end of the run
 *   within_deadline   of which completed at or before its deadline
 *   not_yet_due       open at the horizon's end, deadline after it (censored)
 *   open_late         open at the horizon's end, deadline passed
 *   so received = completed + not_yet_due + open_late.
 *   share within deadline = within_deadline / (received - not_yet_due)
 *   mean, p90 response  of the completed, on the deadline's own clock
 *                       (seconds, or business days on a "bd" deadline)
 *   backlog           tasks of the step waiting at the end of a day (not
 *                     started; in progress ones are not counted), and the
 *   oldest age        age since receipt of the oldest of them, seconds
 * Summing periods (a week, the horizon) adds the counts and keeps the
 * largest end-of-day backlog and oldest age.
 */
struct task_counts {
	uint64_t received;
	uint64_t completed;
	uint64_t within_deadline;
	uint64_t not_yet_due;
	uint64_t open_late;
	double response_sum;      /* sum of response times of the completed */
	uint64_t backlog;         /* largest end-of-day backlog */
	double oldest_age_s;      /* largest end-of-day oldest age, 0 if none */
};

enum task_kpi {
	TASK_RECEIVED,
	TASK_COMPLETED,
	TASK_COMPLETED_WITHIN,
	TASK_WITHIN_DEADLINE,
	TASK_NOT_YET_DUE,
	TASK_OPEN_LATE,
	TASK_MEAN_RESPONSE,
	TASK_P90_RESPONSE,
	TASK_BACKLOG,
	TASK_OLDEST_AGE,
	TASK_KPI_COUNT
};

void kpi_counts_add(struct kpi_counts *dst, const struct kpi_counts *src);
void kpi_task_counts_add(struct task_counts *dst, const struct task_counts *src);

/* The value of a task KPI; p90 is the period's 90th percentile response
 * (NaN when unknown).  NaN when undefined (no decided contact for the
 * share, none completed for the response times). */
double kpi_task_value(enum task_kpi kpi, const struct task_counts *c, double p90);

/* Names in scenarios, JSON and CSV: "received", "completed",
 * "completed_within_deadline", "within_deadline", "not_yet_due",
 * "open_late", "mean_response", "p90_response", "backlog", "oldest_age_s".
 * kpi_task_parse returns STATUS_EINVAL for an unknown name. */
const char *kpi_task_name(enum task_kpi kpi);
int kpi_task_parse(const char *name, enum task_kpi *kpi);
/* True for within_deadline (a share in [0, 1]). */
bool kpi_task_is_ratio(enum task_kpi kpi);
/* True for mean_response and p90_response (in the deadline's unit). */
bool kpi_task_is_response(enum task_kpi kpi);

/* The value of `kpi` for these counts, wait percentiles and agent time
 * (waits and agents may be NULL: their KPIs are then NaN); threshold index
 * ti selects A_T and B_T.  NaN when undefined. */
double kpi_value(enum kpi kpi, const struct kpi_counts *c, const struct kpi_waits *waits,
		 const struct kpi_agent_time *agents, const struct kpi_rules *rules,
		 int ti);

double kpi_service_level(const struct kpi_counts *c, enum sl_formula f, int ti);

/* Stable names used in scenarios, JSON and CSV ("service_level", "asa_s",
 * ...); kpi_parse returns STATUS_EINVAL for an unknown name. */
const char *kpi_name(enum kpi kpi);
int kpi_parse(const char *name, enum kpi *kpi);
/* True for KPIs that take a threshold T (answered_within, service_level). */
bool kpi_uses_threshold(enum kpi kpi);
/* True for ratios in [0, 1] (printed as percentages). */
bool kpi_is_ratio(enum kpi kpi);

const char *kpi_sl_formula_name(enum sl_formula f);
int kpi_sl_formula_parse(const char *name, enum sl_formula *f);

#endif
