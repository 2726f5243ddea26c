/* The end of the process: what must be put back on the way out (a terminal's modes), then _exit. */
#include <unistd.h>
#include "host/host.h"

static void (*HostExitHooks[4])(void);
static unsigned HostExitHookCount;
static int HostExitReport = -1;

void HostAtExit(void (*hook)(void))
{
    for (unsigned i = 0; i < HostExitHookCount; i++)
        if (HostExitHooks[i] == hook)
            return;
    if (HostExitHookCount < sizeof(HostExitHooks) / sizeof(HostExitHooks[0]))
        HostExitHooks[HostExitHookCount++] = hook;
}

void HostReportExitTo(int fd)
{
    HostExitReport = fd;
}

void HostExit(unsigned int code)
{
    /* Hooks are async-signal-safe: an unhandled fault ends the process from its signal handler. */
    for (unsigned i = HostExitHookCount; i-- > 0;)
        HostExitHooks[i]();
    if (HostExitReport >= 0) {
        ssize_t sent = write(HostExitReport, &code, sizeof(code)); /* a creator that is gone reads nothing */
        (void)sent;
    }
    _exit((int)(code & 0xff));
}
