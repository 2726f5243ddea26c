/* Service dispatch shared by the trap and the trace, the trace itself, and the not-implemented handler. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "host/host.h"
#include "ke/ke.h"
#include "ke/services.h"
#include "rtl/unicode.h"

const ULONG KiServiceCount = KI_SERVICE_COUNT;
/* Where the first of ntdll's stubs has its "syscall" end (the stubs follow in the table's order, 32 bytes
 * apart): the fast path leaves there in rcx, as a syscall instruction does. */
ULONG64 KiServiceStubs;

const char *KeFirstServiceName(void)
{
    return KiServiceDescriptors[0].Name;
}

void KeSetServiceStubs(ULONG64 first_stub)
{
    KiServiceStubs = first_stub ? first_stub + 0x14 : 0;
}

typedef NTSTATUS(NTAPI *KI_CALL17)(ULONG64, ULONG64, ULONG64, ULONG64, ULONG64, ULONG64, ULONG64, ULONG64, ULONG64,
                                   ULONG64, ULONG64, ULONG64, ULONG64, ULONG64, ULONG64, ULONG64, ULONG64);

/* args holds KI_MAX_SERVICE_ARGS values: a routine reads the ones it has, the rest are ignored. */
NTSTATUS KiCallService(ULONG number, const ULONG64 *a)
{
    KI_SERVICE_ROUTINE routine;

    if (number >= KI_SERVICE_COUNT)
        return STATUS_INVALID_SYSTEM_SERVICE;
    routine = KiServiceRoutines[number];
    if (routine == KiUnimplementedService)
        return KiReportUnimplemented(number);
    return ((KI_CALL17)routine)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12],
                                a[13], a[14], a[15], a[16]);
}

static enum { KIP_TRACE_OFF, KIP_TRACE_UNIMPL, KIP_TRACE_ALL } KipTraceLevel;
static unsigned char KipReported[KI_SERVICE_COUNT];

void KeEnableTrace(const char *spec)
{
    if (!spec || !*spec || !strcmp(spec, "0"))
        KipTraceLevel = KIP_TRACE_OFF;
    else if (!strcmp(spec, "unimpl"))
        KipTraceLevel = KIP_TRACE_UNIMPL;
    else
        KipTraceLevel = KIP_TRACE_ALL;
}

int KeTraceEnabled(void)
{
    return KipTraceLevel == KIP_TRACE_ALL;
}

NTSTATUS NTAPI KiReportUnimplemented(ULONG number)
{
    if (KipTraceLevel != KIP_TRACE_OFF && number < KI_SERVICE_COUNT &&
        !__atomic_exchange_n(&KipReported[number], 1, __ATOMIC_RELAXED))
        HostMessage("%s is not implemented: STATUS_NOT_IMPLEMENTED", KiServiceDescriptors[number].Name);
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS KeReportNotImplemented(const char *what)
{
    if (KipTraceLevel != KIP_TRACE_OFF)
        HostMessage("%s is not implemented: STATUS_NOT_IMPLEMENTED", what);
    return STATUS_NOT_IMPLEMENTED;
}

typedef struct {
    char buf[1536];
    size_t len;
} KIP_LINE;

static void KipAppend(KIP_LINE *line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void KipAppend(KIP_LINE *line, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (line->len >= sizeof(line->buf) - 1)
        return;
    va_start(ap, fmt);
    n = vsnprintf(line->buf + line->len, sizeof(line->buf) - line->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        line->len += (size_t)n < sizeof(line->buf) - line->len ? (size_t)n : sizeof(line->buf) - 1 - line->len;
}

static void KipAppendUnicode(KIP_LINE *line, const UNICODE_STRING *user_string)
{
    UNICODE_STRING us;
    WCHAR text[260];
    char utf8[800];
    size_t units, n;

    if (!user_string) {
        KipAppend(line, "NULL");
        return;
    }
    if (KeReadUser(&us, user_string)) {
        KipAppend(line, "%p", (void *)user_string);
        return;
    }
    units = us.Length / sizeof(WCHAR);
    if (units > 260)
        units = 260;
    if (KeCopyFromUser(text, us.Buffer, units * sizeof(WCHAR))) {
        KipAppend(line, "{bad buffer %p}", (void *)us.Buffer);
        return;
    }
    n = RtlpUtf16ToUtf8(text, units, utf8, sizeof(utf8) - 1);
    utf8[n < sizeof(utf8) ? n : sizeof(utf8) - 1] = 0;
    KipAppend(line, "\"%s\"", utf8);
}

static void KipAppendArgument(KIP_LINE *line, char cls, ULONG64 v)
{
    switch (cls) {
    case 'h':
        if (v == (ULONG64)-1)
            KipAppend(line, "CurrentProcess");
        else if (v == (ULONG64)-2)
            KipAppend(line, "CurrentThread");
        else
            KipAppend(line, "%#llx", (unsigned long long)v);
        return;
    case 'o': {
        OBJECT_ATTRIBUTES oa;
        if (!v || KeReadUser(&oa, (void *)v)) {
            KipAppend(line, "%#llx", (unsigned long long)v);
            return;
        }
        KipAppend(line, "{root=%p, name=", oa.RootDirectory);
        KipAppendUnicode(line, oa.ObjectName);
        KipAppend(line, ", attr=%#x}", oa.Attributes);
        return;
    }
    case 'u':
        KipAppendUnicode(line, (const UNICODE_STRING *)v);
        return;
    case 'l':
    case 'z':
    case 'a': {
        LONGLONG value;
        if (!v || KeReadUser(&value, (void *)v))
            KipAppend(line, "%#llx", (unsigned long long)v);
        else if (cls == 'l')
            KipAppend(line, "&%lld", (long long)value);
        else
            KipAppend(line, "&%#llx", (unsigned long long)value);
        return;
    }
    case 'b':
        KipAppend(line, "%s", (v & 0xff) ? "TRUE" : "FALSE");
        return;
    case 'd':
        KipAppend(line, "%#x", (unsigned)v);
        return;
    default:
        KipAppend(line, "%#llx", (unsigned long long)v);
    }
}

/* A call that never returns (the process or thread ends inside it) still leaves its line. */
static __thread KIP_LINE *KipPendingLine;

void KeTraceFlushPending(void)
{
    KIP_LINE *line = KipPendingLine;
    if (!line)
        return;
    KipPendingLine = NULL;
    KipAppend(line, " = (does not return)\n");
    HostTraceWrite(line->buf, line->len);
}

static NTSTATUS KipTraceCall(ULONG number, const ULONG64 *args)
{
    KIP_LINE line = {.len = 0};
    const KI_SERVICE_DESCRIPTOR *d;
    NTSTATUS status;
    const char *name;
    int n;

    if (number >= KI_SERVICE_COUNT) {
        KipAppend(&line, "[%d] service %#x = STATUS_INVALID_SYSTEM_SERVICE\n", (int)gettid(), number);
        HostTraceWrite(line.buf, line.len);
        return STATUS_INVALID_SYSTEM_SERVICE;
    }
    d = &KiServiceDescriptors[number];
    KipAppend(&line, "[%d] %s(", (int)gettid(), d->Name);
    n = d->NumberOfArguments < 0 ? 4 : d->NumberOfArguments;
    for (int i = 0; i < n; i++) {
        KipAppend(&line, "%s", i ? ", " : "");
        if (d->NumberOfArguments >= 0)
            KipAppend(&line, "%s=", d->ArgumentNames[i]);
        KipAppendArgument(&line, d->NumberOfArguments < 0 ? 'x' : d->Classes[i], args[i]);
    }
    KipAppend(&line, "%s)", d->NumberOfArguments < 0 ? ", ..." : "");

    KipPendingLine = &line;
    status = KiCallService(number, args);
    KipPendingLine = NULL;

    name = RtlNtStatusName(status);
    KipAppend(&line, " = %s%s0x%08x\n", name ? name : "", name ? " " : "", (unsigned)status);
    HostTraceWrite(line.buf, line.len);
    return status;
}

/* Serve a call whose entry path captured the caller's registers (traced and trapped calls), doing the
 * exit work the service leaves with them, as the fast path does with its own. */
static NTSTATUS KipServeWithContext(KTHREAD *thread, CONTEXT *entry, ULONG number, const ULONG64 *args)
{
    NTSTATUS status;

    thread->EntryContext = entry;
    thread->InService = 1;
    status = KipTraceLevel == KIP_TRACE_ALL ? KipTraceCall(number, args) : KiCallService(number, args);
    thread->InService = 0;
    __asm__ volatile("" ::: "memory");
    if (thread->ExitWork)
        status = KiServiceExit(status, 0, entry);
    thread->EntryContext = NULL;
    return status;
}

/* The traced fast path: args points at the caller's home space followed by its stack arguments; entry holds
 * the caller's registers. */
NTSTATUS NTAPI KiTraceService(ULONG number, const ULONG64 *user_args, CONTEXT *entry)
{
    KTHREAD *thread = KeGetCurrentThread();
    ULONG64 args[KI_MAX_SERVICE_ARGS] = {0};
    int n = number < KI_SERVICE_COUNT ? KiServiceDescriptors[number].NumberOfArguments : 4;

    if (n < 4)
        n = 4;
    memcpy(args, user_args, 4 * sizeof(ULONG64));
    if (n > 4 && KeCopyFromUser(&args[4], user_args + 4, (size_t)(n - 4) * sizeof(ULONG64)))
        return STATUS_ACCESS_VIOLATION;
    return KipServeWithContext(thread, entry, number, args);
}

/* A raw syscall caught by the trap (see KiTrapBridge): arguments 5 and on are on the Windows stack. */
NTSTATUS NTAPI KiDispatchTrap(void)
{
    KTHREAD *thread = KeGetCurrentThread();
    ULONG64 args[KI_MAX_SERVICE_ARGS] = {0};
    ULONG number = (ULONG)thread->Trap.Number;
    int n;

    memcpy(args, thread->Trap.Args, sizeof(thread->Trap.Args));
    if (number >= KI_SERVICE_COUNT)
        return KipTraceLevel == KIP_TRACE_ALL ? KipTraceCall(number, args) : STATUS_INVALID_SYSTEM_SERVICE;
    n = KiServiceDescriptors[number].NumberOfArguments;
    if (n > 4 && KeCopyFromUser(&args[4], (const void *)(thread->Trap.UserRsp + 0x28), (size_t)(n - 4) * 8))
        return STATUS_ACCESS_VIOLATION;
    return KipServeWithContext(thread, &thread->TrapContext, number, args);
}
