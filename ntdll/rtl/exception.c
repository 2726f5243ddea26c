/* Exception dispatch in user mode: vectored handlers first, then the frame-based ones found by unwinding;
 * what nobody handles goes back to the personality as a second chance, which ends the process. */
#include "rtl/rtlp.h"
#include "rtl/context.h"

typedef struct VECTORED_HANDLER {
    struct VECTORED_HANDLER *Next, *Prev;
    PVECTORED_EXCEPTION_HANDLER Handler;
    BOOLEAN InUse;
} VECTORED_HANDLER;

/* Entries come from a fixed pool: the process heap does not exist yet. A full pool answers NULL, as an
 * allocation failure does on Windows. */
#define RTLP_MAX_VECTORED 128
static VECTORED_HANDLER RtlpVectoredPool[RTLP_MAX_VECTORED];
/* The exception handlers, called before the frames' handlers, and the continue handlers, called when an
 * exception is about to be continued. */
static VECTORED_HANDLER RtlpVectoredList = {&RtlpVectoredList, &RtlpVectoredList, NULL, TRUE};
static VECTORED_HANDLER RtlpContinueList = {&RtlpContinueList, &RtlpContinueList, NULL, TRUE};
static volatile LONG RtlpVectoredLock;

static PVOID RtlpAddVectored(VECTORED_HANDLER *list, ULONG first, PVECTORED_EXCEPTION_HANDLER handler)
{
    VECTORED_HANDLER *entry = NULL;

    RtlpAcquireLock(&RtlpVectoredLock);
    for (int i = 0; i < RTLP_MAX_VECTORED && !entry; i++)
        if (!RtlpVectoredPool[i].InUse)
            entry = &RtlpVectoredPool[i];
    if (entry) {
        VECTORED_HANDLER *before = first ? list->Next : list;
        entry->InUse = TRUE;
        entry->Handler = handler;
        entry->Next = before;
        entry->Prev = before->Prev;
        before->Prev->Next = entry;
        before->Prev = entry;
    }
    RtlpReleaseLock(&RtlpVectoredLock);
    return entry;
}

static ULONG RtlpRemoveVectored(VECTORED_HANDLER *list, PVOID handle)
{
    ULONG found = 0;

    RtlpAcquireLock(&RtlpVectoredLock);
    for (VECTORED_HANDLER *e = list->Next; e != list; e = e->Next) {
        if (e == handle) {
            e->Prev->Next = e->Next;
            e->Next->Prev = e->Prev;
            e->InUse = FALSE;
            found = 1;
            break;
        }
    }
    RtlpReleaseLock(&RtlpVectoredLock);
    return found;
}

/* The handlers of a list in order until one continues execution. They are copied out first, so that one may
 * add or remove handlers, or raise again. */
static BOOLEAN RtlpCallVectored(VECTORED_HANDLER *list, EXCEPTION_POINTERS *pointers)
{
    PVECTORED_EXCEPTION_HANDLER handlers[RTLP_MAX_VECTORED];
    int count = 0;

    RtlpAcquireLock(&RtlpVectoredLock);
    for (VECTORED_HANDLER *e = list->Next; e != list; e = e->Next)
        handlers[count++] = e->Handler;
    RtlpReleaseLock(&RtlpVectoredLock);
    for (int i = 0; i < count; i++)
        if (handlers[i](pointers) == EXCEPTION_CONTINUE_EXECUTION)
            return TRUE;
    return FALSE;
}

PVOID NTAPI RtlAddVectoredExceptionHandler(ULONG First, PVECTORED_EXCEPTION_HANDLER Handler)
{
    return RtlpAddVectored(&RtlpVectoredList, First, Handler);
}

ULONG NTAPI RtlRemoveVectoredExceptionHandler(PVOID Handle)
{
    return RtlpRemoveVectored(&RtlpVectoredList, Handle);
}

PVOID NTAPI RtlAddVectoredContinueHandler(ULONG First, PVECTORED_EXCEPTION_HANDLER Handler)
{
    return RtlpAddVectored(&RtlpContinueList, First, Handler);
}

ULONG NTAPI RtlRemoveVectoredContinueHandler(PVOID Handle)
{
    return RtlpRemoveVectored(&RtlpContinueList, Handle);
}

static PRTL_UNHANDLED_EXCEPTION_FILTER RtlpUnhandledFilter;

/* The filter Windows calls from the outermost frame of every thread (kernelbase's UnhandledExceptionFilter
 * is the one programs reach through SetUnhandledExceptionFilter). */
void NTAPI RtlSetUnhandledExceptionFilter(PRTL_UNHANDLED_EXCEPTION_FILTER Filter)
{
    __atomic_store_n(&RtlpUnhandledFilter, Filter, __ATOMIC_RELEASE);
}

/* Whether a handler took the exception (the context then says where to go on): the vectored handlers,
 * then the handlers of the frames on the stack, then the unhandled-exception filter as the outermost frame;
 * an exception about to be continued passes the continue handlers first. */
static BOOLEAN RtlpFindHandler(EXCEPTION_RECORD *record, CONTEXT *context)
{
    EXCEPTION_POINTERS pointers = {record, context};
    PRTL_UNHANDLED_EXCEPTION_FILTER filter;

    if (RtlpCallVectored(&RtlpVectoredList, &pointers) || RtlpDispatchToFrames(record, context))
        return TRUE;
    if (!(filter = __atomic_load_n(&RtlpUnhandledFilter, __ATOMIC_ACQUIRE)))
        return FALSE;
    switch (filter(&pointers)) {
    case EXCEPTION_CONTINUE_EXECUTION:
        return TRUE;
    case EXCEPTION_EXECUTE_HANDLER:
        /* The outermost frame's handler ends the process with the exception's code. */
        NtTerminateProcess(NtCurrentProcess(), (NTSTATUS)record->ExceptionCode);
        return FALSE;
    default:
        return FALSE;
    }
}

static BOOLEAN RtlpDispatchException(EXCEPTION_RECORD *record, CONTEXT *context)
{
    EXCEPTION_POINTERS pointers = {record, context};

    if (!RtlpFindHandler(record, context))
        return FALSE;
    RtlpCallVectored(&RtlpContinueList, &pointers);
    return TRUE;
}

/* Where KiUserExceptionDispatcher hands over. */
void NTAPI KiUserExceptionDispatch(EXCEPTION_RECORD *record, CONTEXT *context)
{
    if (RtlpDispatchException(record, context))
        NtContinue(context, FALSE);
    NtRaiseException(record, context, FALSE);
}

/* The C half of RtlRaiseException: the context is the caller's. */
void NTAPI RtlpRaiseException(EXCEPTION_RECORD *record, CONTEXT *context)
{
    record->ExceptionAddress = (PVOID)context->Rip;
    if (RtlpDispatchException(record, context))
        NtContinue(context, FALSE);
    NtRaiseException(record, context, FALSE);
}

/* A noncontinuable exception of that code, with no parameters, raised where the caller is. */
void NTAPI RtlRaiseStatus(NTSTATUS Status)
{
    EXCEPTION_RECORD record = {.ExceptionCode = (DWORD)Status, .ExceptionFlags = EXCEPTION_NONCONTINUABLE};
    RtlRaiseException(&record);
}

/* The parts of a context its flags name, copied; the destination keeps its own flags for the rest. */
NTSTATUS NTAPI RtlCopyContext(PCONTEXT Context, DWORD ContextFlags, PCONTEXT Source)
{
    if ((ContextFlags & ~(DWORD)CONTEXT_ALL) & ~CONTEXT_AMD64)
        return STATUS_INVALID_PARAMETER;
    RtlpCopyContextParts(Context, Source, ContextFlags & Source->ContextFlags);
    Context->ContextFlags |= ContextFlags & Source->ContextFlags;
    return STATUS_SUCCESS;
}
