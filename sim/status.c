/* status.c: descriptions for enum status (see status.h). */
#include "status.h"

const char *status_str(enum status s)
{
	switch (s) {
	case STATUS_OK: return "success";
	case STATUS_EINVAL: return "invalid argument";
	case STATUS_ENOMEM: return "out of memory";
	case STATUS_EIO: return "input/output error";
	case STATUS_EUNSTABLE: return "unstable system: load at or above capacity";
	case STATUS_EDOM: return "undefined for these arguments";
	case STATUS_ERANGE: return "result out of range";
	}
	return "unknown status";
}
