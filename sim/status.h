/*
 * status.h: the one error vocabulary of ccsim.
 *
 * Functions that can fail return an enum status (STATUS_OK is 0) and write
 * their result through a pointer, in the manner of GSL's _e functions.
 * status_str() gives a short, stable English description.
 */
#ifndef CCSIM_STATUS_H
#define CCSIM_STATUS_H

enum status {
	STATUS_OK = 0,
	STATUS_EINVAL,   /* an argument or input value is invalid */
	STATUS_ENOMEM,   /* memory allocation failed */
	STATUS_EIO,      /* reading or writing a file failed */
	STATUS_EUNSTABLE,/* offered load at or above capacity: waits are infinite */
	STATUS_EDOM,     /* the quantity is undefined for these arguments */
	STATUS_ERANGE    /* the result does not fit the type */
};

/* A static, never-NULL description of s. */
const char *status_str(enum status s);

#endif
