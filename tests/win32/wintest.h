/* The framework of the Win32 test programs, built with mingw against msvcrt and against UCRT and run on Wine's
 * DLLs: checks that say where they failed, and a summary line tests/run counts ("winapi: N passed, M failed");
 * the exit status is the number of failures. */
#ifndef WINTEST_H
#define WINTEST_H

#include <stdarg.h>
#include <stdio.h>

static int wintest_passed, wintest_failed;

static int wintest_check(int cond, const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    if (cond) {
        wintest_passed++;
        return 1;
    }
    wintest_failed++;
    printf("FAIL %s:%d: ", file, line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    return 0;
}

#define ok(cond, ...) wintest_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

static int wintest_summary(void)
{
    printf("winapi: %d passed, %d failed\n", wintest_passed, wintest_failed);
    fflush(stdout);
    return wintest_failed > 125 ? 125 : wintest_failed;
}

#endif
