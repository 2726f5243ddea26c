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
typedef ULONG_PTR(NTAPI *KI_WIN32K_CALL17)(ULONG64, ULONG64, ULONG64, ULONG64, ULONG64, ULONG64, ULONG64, ULONG64,
                                           ULONG64, ULONG64, ULONG64, ULONG64, ULONG64, ULONG64, ULONG64, ULONG64,
                                           ULONG64);

/* A number's service: its descriptor and routine, and its place among all services (NT's, then win32k's), or
 * NULL for a number no table has. */
static const KI_SERVICE_DESCRIPTOR *KipLookup(ULONG number, KI_SERVICE_ROUTINE *routine, ULONG *slot)
{
    ULONG index = number - KI_WIN32K_SERVICE_BASE;

    if (number < KI_SERVICE_COUNT) {
        *routine = KiServiceRoutines[number];
        *slot = number;
        return &KiServiceDescriptors[number];
    }
    if (number >= KI_WIN32K_SERVICE_BASE && index < KI_WIN32K_SERVICE_COUNT) {
        *routine = KiWin32kRoutines[index];
        *slot = KI_SERVICE_COUNT + index;
        return &KiWin32kDescriptors[index];
    }
    return NULL;
}

/* args holds KI_MAX_SERVICE_ARGS values: a routine reads the ones it has, the rest are ignored. */
ULONG64 KiCallService(ULONG number, const ULONG64 *a)
{
    KI_SERVICE_ROUTINE routine;
    ULONG slot;

    if (!KipLookup(number, &routine, &slot))
        return (ULONG)STATUS_INVALID_SYSTEM_SERVICE;
    if (routine == KiUnimplementedService)
        return (ULONG)KiReportUnimplemented(number);
    if (number >= KI_WIN32K_SERVICE_BASE)
        return ((KI_WIN32K_CALL17)routine)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11],
                                           a[12], a[13], a[14], a[15], a[16]);
    return (ULONG)((KI_CALL17)routine)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11],
                                       a[12], a[13], a[14], a[15], a[16]);
}

ULONG KeWin32kServiceNumber(const char *name)
{
    unsigned low = 0, high = KiWin32kNamedCount;

    while (low < high) {
        unsigned mid = (low + high) / 2, index = KiWin32kByName[mid];
        int order = strcmp(name, KiWin32kDescriptors[index].Name);
        if (!order)
            return KI_WIN32K_SERVICE_BASE + index;
        if (order < 0)
            high = mid;
        else
            low = mid + 1;
    }
    return 0;
}

static enum { KIP_TRACE_OFF, KIP_TRACE_UNIMPL, KIP_TRACE_ALL } KipTraceLevel;
static unsigned char KipReported[KI_SERVICE_COUNT + KI_WIN32K_SERVICE_COUNT];

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
    KI_SERVICE_ROUTINE routine;
    ULONG slot;
    const KI_SERVICE_DESCRIPTOR *d = KipLookup(number, &routine, &slot);

    if (KipTraceLevel != KIP_TRACE_OFF && d && !__atomic_exchange_n(&KipReported[slot], 1, __ATOMIC_RELAXED))
        HostMessage("%s is not implemented: STATUS_NOT_IMPLEMENTED", d->Name);
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

static ULONG64 KipTraceCall(ULONG number, const ULONG64 *args)
{
    KIP_LINE line = {.len = 0};
    KI_SERVICE_ROUTINE routine;
    ULONG slot;
    const KI_SERVICE_DESCRIPTOR *d = KipLookup(number, &routine, &slot);
    ULONG64 value;
    const char *name;
    int n;

    if (!d) {
        KipAppend(&line, "[%d] service %#x = STATUS_INVALID_SYSTEM_SERVICE\n", (int)gettid(), number);
        HostTraceWrite(line.buf, line.len);
        return (ULONG)STATUS_INVALID_SYSTEM_SERVICE;
    }
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
    value = KiCallService(number, args);
    KipPendingLine = NULL;

    /* win32k's services return values of all kinds; a status is named where it is one. */
    name = value >> 32 || (number >= KI_WIN32K_SERVICE_BASE && routine != KiUnimplementedService)
               ? NULL
               : RtlNtStatusName((NTSTATUS)value);
    KipAppend(&line, " = %s%s0x%08llx\n", name ? name : "", name ? " " : "", (unsigned long long)value);
    HostTraceWrite(line.buf, line.len);
    return value;
}

/* Serve a call whose entry path captured the caller's registers (traced and trapped calls), doing the
 * exit work the service leaves with them, as the fast path does with its own. */
static ULONG64 KipServeWithContext(KTHREAD *thread, CONTEXT *entry, ULONG number, const ULONG64 *args)
{
    ULONG64 value;

    thread->EntryContext = entry;
    thread->InService = 1;
    value = KipTraceLevel == KIP_TRACE_ALL ? KipTraceCall(number, args) : KiCallService(number, args);
    thread->InService = 0;
    __asm__ volatile("" ::: "memory");
    if (thread->ExitWork)
        value = KiServiceExit(value, 0, entry);
    thread->EntryContext = NULL;
    return value;
}

/* The traced fast path: args points at the caller's home space followed by its stack arguments; entry holds
 * the caller's registers. */
ULONG64 NTAPI KiTraceService(ULONG number, const ULONG64 *user_args, CONTEXT *entry)
{
    KTHREAD *thread = KeGetCurrentThread();
    ULONG64 args[KI_MAX_SERVICE_ARGS] = {0};
    int n = number < KI_SERVICE_COUNT ? KiServiceDescriptors[number].NumberOfArguments : 4;

    if (n < 4)
        n = 4;
    memcpy(args, user_args, 4 * sizeof(ULONG64));
    if (n > 4 && KeCopyFromUser(&args[4], user_args + 4, (size_t)(n - 4) * sizeof(ULONG64)))
        return (ULONG)STATUS_ACCESS_VIOLATION;
    return KipServeWithContext(thread, entry, number, args);
}

/* A raw syscall caught by the trap (see KiTrapBridge): arguments 5 and on are on the Windows stack. */
ULONG64 NTAPI KiDispatchTrap(void)
{
    KTHREAD *thread = KeGetCurrentThread();
    ULONG64 args[KI_MAX_SERVICE_ARGS] = {0};
    ULONG number = (ULONG)thread->Trap.Number, slot;
    KI_SERVICE_ROUTINE routine;
    const KI_SERVICE_DESCRIPTOR *d = KipLookup(number, &routine, &slot);
    int n;

    memcpy(args, thread->Trap.Args, sizeof(thread->Trap.Args));
    if (!d)
        return KipTraceLevel == KIP_TRACE_ALL ? KipTraceCall(number, args) : (ULONG)STATUS_INVALID_SYSTEM_SERVICE;
    n = d->NumberOfArguments;
    if (n > 4 && KeCopyFromUser(&args[4], (const void *)(thread->Trap.UserRsp + 0x28), (size_t)(n - 4) * 8))
        return (ULONG)STATUS_ACCESS_VIOLATION;
    return KipServeWithContext(thread, &thread->TrapContext, number, args);
}
