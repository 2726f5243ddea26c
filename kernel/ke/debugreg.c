/* Debug registers: a thread's hardware breakpoints (Dr0-Dr3 and Dr7) as Linux perf breakpoint events on its thread,
 * which raise a SIGTRAP the fault handler turns into Windows' single-step exception, with Dr6 telling which. */
#include <errno.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "ke/ke.h"

/* Dr7: per breakpoint, a local and a global enable bit (bits 2i, 2i+1) and, from bit 16, two bits of condition
 * (execute, write, I/O, read or write) and two of length (1, 2, 8 or 4 bytes). */
#define KIP_DR7_ENABLED(dr7, i) (((dr7) >> (2 * (i))) & 3)
#define KIP_DR7_CONDITION(dr7, i) (((dr7) >> (16 + 4 * (i))) & 3)
#define KIP_DR7_LENGTH(dr7, i) (((dr7) >> (18 + 4 * (i))) & 3)

static pthread_mutex_t KipDebugRegisterLock = PTHREAD_MUTEX_INITIALIZER;

/* Whether this machine's breakpoints fire (-1: not yet known): a counting event on a word of this process's,
 * written once, tells. Some virtual machines take the events while their processors never raise them. */
static int KipBreakpointsFire = -1;
static volatile int KipProbeWord;

static BOOLEAN KipProbeBreakpoints(void)
{
    struct perf_event_attr attr;
    ULONG64 count = 0;
    int fd;

    memset(&attr, 0, sizeof(attr));
    attr.type = PERF_TYPE_BREAKPOINT;
    attr.size = sizeof(attr);
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    attr.bp_type = HW_BREAKPOINT_W;
    attr.bp_len = HW_BREAKPOINT_LEN_4;
    attr.bp_addr = (ULONG64)(ULONG_PTR)&KipProbeWord;
    if ((fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC)) < 0)
        return FALSE;
    KipProbeWord++;
    if (read(fd, &count, sizeof(count)) != (ssize_t)sizeof(count))
        count = 0;
    close(fd);
    return count > 0;
}

static void KipDisarm(KTHREAD *thread)
{
    for (int i = 0; i < 4; i++)
        if (thread->Breakpoints[i] >= 0) {
            close(thread->Breakpoints[i]);
            thread->Breakpoints[i] = -1;
        }
}

/* The event of breakpoint i as Dr7 describes it; -1 with errno when Linux refuses it. A data breakpoint's address is
 * taken down to its length, as the processor ignores its low bits; an execution one is one instruction's. */
static int KipArm(KTHREAD *thread, int i, ULONG64 address, ULONG64 dr7)
{
    static const int lengths[4] = {HW_BREAKPOINT_LEN_1, HW_BREAKPOINT_LEN_2, HW_BREAKPOINT_LEN_8, HW_BREAKPOINT_LEN_4};
    struct perf_event_attr attr;
    ULONG condition = KIP_DR7_CONDITION(dr7, i);

    memset(&attr, 0, sizeof(attr));
    attr.type = PERF_TYPE_BREAKPOINT;
    attr.size = sizeof(attr);
    attr.sample_period = 1;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    attr.sigtrap = 1;
    attr.remove_on_exec = 1;
    attr.sig_data = (ULONG64)i;
    if (condition == 0) {
        attr.bp_type = HW_BREAKPOINT_X;
        attr.bp_len = sizeof(long);
        attr.bp_addr = address;
    } else if (condition == 2) {
        errno = EOPNOTSUPP; /* I/O breakpoints: no port is a Windows program's to watch */
        return -1;
    } else {
        attr.bp_type = condition == 1 ? HW_BREAKPOINT_W : HW_BREAKPOINT_RW;
        attr.bp_len = (ULONG64)lengths[KIP_DR7_LENGTH(dr7, i)];
        attr.bp_addr = address & ~(attr.bp_len - 1);
    }
    return (int)syscall(SYS_perf_event_open, &attr, (pid_t)thread->ThreadId, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

void KeInitializeDebugRegisters(KTHREAD *thread)
{
    memset(thread->DebugRegisters, 0, sizeof(thread->DebugRegisters));
    for (int i = 0; i < 4; i++)
        thread->Breakpoints[i] = -1;
}

void KeGetDebugRegisters(KTHREAD *thread, CONTEXT *context)
{
    context->Dr0 = thread->DebugRegisters[0];
    context->Dr1 = thread->DebugRegisters[1];
    context->Dr2 = thread->DebugRegisters[2];
    context->Dr3 = thread->DebugRegisters[3];
    context->Dr6 = thread->DebugRegisters[4];
    context->Dr7 = thread->DebugRegisters[5];
}

NTSTATUS KeSetDebugRegisters(KTHREAD *thread, const CONTEXT *context)
{
    const ULONG64 wanted[6] = {context->Dr0, context->Dr1, context->Dr2, context->Dr3, context->Dr6, context->Dr7};
    ULONG64 dr7 = context->Dr7;
    NTSTATUS status = STATUS_SUCCESS;

    pthread_mutex_lock(&KipDebugRegisterLock);
    /* Dr6 is the state of the last debug exception: it arms nothing. */
    if (memcmp(wanted, thread->DebugRegisters, 4 * sizeof(ULONG64)) || wanted[5] != thread->DebugRegisters[5]) {
        KipDisarm(thread);
        for (int i = 0; i < 4 && !status; i++) {
            if (!KIP_DR7_ENABLED(dr7, i))
                continue;
            if (KipBreakpointsFire < 0)
                KipBreakpointsFire = KipProbeBreakpoints();
            if (!KipBreakpointsFire)
                status = KeReportNotImplemented("a hardware breakpoint on this machine, whose processor raises none");
            else if (!thread->ThreadId)
                status = KeReportNotImplemented("a breakpoint in a thread that has not started");
            else if ((thread->Breakpoints[i] = KipArm(thread, i, wanted[i], dr7)) < 0)
                status = errno == EOPNOTSUPP ? KeReportNotImplemented("an I/O breakpoint")
                                             : KeReportNotImplemented("a hardware breakpoint Linux refuses here");
        }
        if (status)
            KipDisarm(thread);
    }
    if (!status)
        memcpy(thread->DebugRegisters, wanted, sizeof(wanted));
    else
        thread->DebugRegisters[4] = wanted[4]; /* the status register is set all the same */
    pthread_mutex_unlock(&KipDebugRegisterLock);
    return status;
}

void KeReleaseDebugRegisters(KTHREAD *thread)
{
    pthread_mutex_lock(&KipDebugRegisterLock);
    KipDisarm(thread);
    pthread_mutex_unlock(&KipDebugRegisterLock);
}
