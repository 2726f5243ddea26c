/* The framework of the ntdll-only test programs: checks, a small formatter, output through NtWriteFile. */
#ifndef NTTEST_H
#define NTTEST_H

#include <stdarg.h>
#include "nt/services.h"
#include "nt/ntdll.h"

/* Each test program defines this; the framework's Start runs it and exits with the number of failures. */
void RunTests(void);

/* Record a check; on failure print where and why. Returns cond. */
int TestCheck(int cond, const char *file, int line, const char *fmt, ...);
#define ok(cond, ...) TestCheck(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define ok_status(expr, want)                                                                                        \
    do {                                                                                                             \
        NTSTATUS got_ = (expr);                                                                                      \
        ok(got_ == (NTSTATUS)(want), "%s: got %x, expected %x", #expr, (unsigned)got_, (unsigned)(want));            \
    } while (0)

/* printf-like output to standard output: %s %S (UTF-16) %d %u %x %lx %llx %p %c, with l/ll/z sizes. */
void TestPrint(const char *fmt, ...);
int TestFormat(char *buf, int size, const char *fmt, va_list ap);

/* Small helpers tests share. */
/* A thread of this process with every right, started (or created suspended) with the flags given; the
 * creation is itself checked. */
HANDLE TestCreateThread(PUSER_THREAD_START_ROUTINE start, PVOID arg, ULONG flags);
PPEB TestPeb(void);
int TestStrEqualW(const WCHAR *a, const char *b, SIZE_T units);
/* Whether NtQueryObject names h's type so, with the length and terminator Windows gives. */
int TestTypeNameIs(HANDLE h, const char *name);
/* The value of an environment variable of the process (exact case), or NULL. */
const WCHAR *TestFindVariable(const char *name);
extern int TestFailures, TestPasses;

#endif
