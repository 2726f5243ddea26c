/* Messages to the person running veles, and the trace stream. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "host/host.h"

/* A private copy of standard error: a Windows program may close its standard handles, the trace goes on. */
static int HostpTraceFd = 2;

void HostInitializeOutput(void)
{
    int fd = fcntl(2, F_DUPFD_CLOEXEC, 10);
    if (fd >= 0)
        HostpTraceFd = fd;
}

int HostWriteAll(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? errno : ENOSPC;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

void HostTraceWrite(const char *buf, size_t len)
{
    HostWriteAll(HostpTraceFd, buf, len);
}

static void HostpVMessage(const char *fmt, va_list ap)
{
    char buf[1024];
    int n = snprintf(buf, sizeof(buf), "veles: ");
    n += vsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
    if (n > (int)sizeof(buf) - 2)
        n = (int)sizeof(buf) - 2;
    buf[n++] = '\n';
    HostWriteAll(HostpTraceFd, buf, (size_t)n);
}

void HostMessage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    HostpVMessage(fmt, ap);
    va_end(ap);
}

void HostBugCheck(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    HostpVMessage(fmt, ap);
    va_end(ap);
    abort();
}

void *HostAlloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        HostBugCheck("out of host memory (%zu bytes)", size);
    return p;
}

void *HostRealloc(void *old, size_t size)
{
    void *p = realloc(old, size ? size : 1);
    if (!p)
        HostBugCheck("out of host memory (%zu bytes)", size);
    return p;
}

void *HostZalloc(size_t size)
{
    void *p = calloc(1, size ? size : 1);
    if (!p)
        HostBugCheck("out of host memory (%zu bytes)", size);
    return p;
}

char *HostStrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(HostAlloc(n), s, n);
}
