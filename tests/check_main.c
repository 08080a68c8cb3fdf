/*
 * check_main.c: runs one Check suite.  The Makefile compiles this file once
 * per tests/check_<module>.c with -DSUITE_FN=<module>_suite.
 * CK_FORK=no runs the tests in-process (for gdb or valgrind).
 */
#include <stdlib.h>
#include <check.h>

Suite *SUITE_FN(void);

int main(void)
{
	SRunner *sr = srunner_create(SUITE_FN());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
