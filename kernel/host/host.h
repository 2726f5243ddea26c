/* The host glue: the only place that knows it is on Linux beyond raw system calls (errno, messages, the prefix). */
#ifndef HOST_HOST_H
#define HOST_HOST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include "nt/types.h"

/* The NTSTATUS a Linux errno means (kernel/host/errno.def); STATUS_UNSUCCESSFUL for an unknown one. */
NTSTATUS HostErrnoToStatus(int err);
/* Whether errno.def names err, for the completeness check. */
int HostErrnoIsMapped(int err);

/* "veles: ..." on standard error, as one write so that lines of threads do not mix. */
void HostMessage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A fault in the personality itself: says what happened and aborts. Never for what a Windows program did. */
void HostBugCheck(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Write a whole line to the trace descriptor (standard error, kept open whatever the program closes). */
void HostTraceWrite(const char *buf, size_t len);
/* All of buf to fd (a write cut short goes on); 0, or the errno that stopped it (ENOSPC for a write of 0). */
int HostWriteAll(int fd, const void *buf, size_t len);
void HostInitializeOutput(void);

/* The process ends with a Windows exit code after the hooks registered (async-signal-safe ones only) have run.
 * Linux keeps its low 8 bits; the whole code goes, as 4 bytes, to the descriptor given to HostReportExitTo (the
 * channel to the process that created this one), if any. */
void HostAtExit(void (*hook)(void));
void HostReportExitTo(int fd);
__attribute__((noreturn)) void HostExit(unsigned int code);

/* Heap helpers that never return NULL: running out of host memory is a host failure. */
void *HostAlloc(size_t size);
void *HostZalloc(size_t size);
void *HostRealloc(void *p, size_t size);
char *HostStrdup(const char *s);

/* The prefix ($VELES_PREFIX or ~/.veles), created on first use with drive_c/windows/system32. */
const char *HostPrefixPath(void);
NTSTATUS HostEnsurePrefix(const char *ntdll_path);
/* mkdir -p; 0 or -1 with errno. */
int HostMakeDirectories(const char *path);

/* The user's login name ($USER, $LOGNAME, else the password database), safe as a path component. */
const char *HostUserName(void);
/* The number of online processors, at least 1 (read once). */
ULONG HostProcessorCount(void);
/* A "Key: value kB" line of a /proc file (/proc/meminfo, /proc/self/status), in bytes; 0 when there is none. */
SIZE_T HostProcBytes(const char *file, const char *key);
/* The first line (without its newline) of a /sys or /proc file whose path fmt makes, or false. */
bool HostReadLine(char *line, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The directory of the veles binary, where ntdll.dll is found. */
const char *HostInstallDirectory(void);

#endif
