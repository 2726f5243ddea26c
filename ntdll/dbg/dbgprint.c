/* DbgPrint and its family: a formatted line for the debugger, through the levels Windows enables by
 * default (errors only, for every component), to an attached user-mode debugger as DBG_PRINTEXCEPTION_C or
 * else to the kernel's debug-print service (int 0x2d), which puts it in Veles' trace. */
#include "rtl/rtlp.h"

#define DBGP_LINE_MAX 512 /* Windows' buffer: longer lines are cut */
#define DBGP_ERROR_LEVEL 0
#define DBGP_SERVICE_PRINT 1

/* A level below 32 is a bit number, a larger one a mask; the default filter passes the error bit only. */
static BOOLEAN DbgpEnabled(ULONG Level)
{
    ULONG mask = Level < 32 ? 1u << Level : Level;
    return (mask & (1u << DBGP_ERROR_LEVEL)) != 0;
}

static void DbgpPrintService(const char *text, ULONG length, ULONG ComponentId, ULONG Level)
{
    register ULONG64 rax __asm__("rax") = DBGP_SERVICE_PRINT;
    register const char *rcx __asm__("rcx") = text;
    register ULONG64 rdx __asm__("rdx") = length;
    register ULONG64 r8 __asm__("r8") = ComponentId;
    register ULONG64 r9 __asm__("r9") = Level;
    __asm__ volatile("int $0x2d\n\tint3" : "+r"(rax) : "r"(rcx), "r"(rdx), "r"(r8), "r"(r9) : "memory");
}

NTSTATUS NTAPI vDbgPrintExWithPrefix(PCSTR Prefix, ULONG ComponentId, ULONG Level, PCSTR Format, va_list Args)
{
    char line[DBGP_LINE_MAX];
    size_t prefix = Prefix ? strlen(Prefix) : 0;
    int n;
    ULONG length;

    if (!DbgpEnabled(Level))
        return STATUS_SUCCESS;
    if (prefix > sizeof(line) - 1)
        prefix = sizeof(line) - 1;
    memcpy(line, Prefix, prefix);
    n = _vsnprintf(line + prefix, sizeof(line) - 1 - prefix, Format, Args);
    length = n < 0 ? sizeof(line) - 1 : (ULONG)(prefix + (size_t)n);
    line[length] = 0;
    if (NtCurrentTeb()->ProcessEnvironmentBlock->BeingDebugged) {
        EXCEPTION_RECORD record = {.ExceptionCode = DBG_PRINTEXCEPTION_C, .NumberParameters = 2};
        record.ExceptionInformation[0] = length + 1;
        record.ExceptionInformation[1] = (ULONG_PTR)line;
        RtlpRaiseCaught(&record);
    } else {
        DbgpPrintService(line, length, ComponentId, Level);
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI vDbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, va_list Args)
{
    return vDbgPrintExWithPrefix("", ComponentId, Level, Format, Args);
}

NTSTATUS DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...)
{
    va_list args;
    NTSTATUS status;

    va_start(args, Format);
    status = vDbgPrintExWithPrefix("", ComponentId, Level, Format, args);
    va_end(args);
    return status;
}

/* The default component at the error level, which is always shown. */
NTSTATUS DbgPrint(PCSTR Format, ...)
{
    va_list args;
    NTSTATUS status;

    va_start(args, Format);
    status = vDbgPrintExWithPrefix("", (ULONG)-1, DBGP_ERROR_LEVEL, Format, args);
    va_end(args);
    return status;
}
