/* Exception dispatch in user mode: vectored handlers first, then the frame-based ones found by unwinding;
 * what nobody handles goes back to the personality as a second chance, which ends the process. */
#include "rtl/rtlp.h"

typedef struct VECTORED_HANDLER {
    struct VECTORED_HANDLER *Next, *Prev;
    PVECTORED_EXCEPTION_HANDLER Handler;
    BOOLEAN InUse;
} VECTORED_HANDLER;

/* Entries come from a fixed pool: the process heap does not exist yet. A full pool answers NULL, as an
 * allocation failure does on Windows. */
#define RTLP_MAX_VECTORED 128
static VECTORED_HANDLER RtlpVectoredPool[RTLP_MAX_VECTORED];
static VECTORED_HANDLER RtlpVectoredList = {&RtlpVectoredList, &RtlpVectoredList, NULL, TRUE};
static volatile LONG RtlpVectoredLock;

PVOID NTAPI RtlAddVectoredExceptionHandler(ULONG First, PVECTORED_EXCEPTION_HANDLER Handler)
{
    VECTORED_HANDLER *entry = NULL;

    RtlpAcquireLock(&RtlpVectoredLock);
    for (int i = 0; i < RTLP_MAX_VECTORED && !entry; i++)
        if (!RtlpVectoredPool[i].InUse)
            entry = &RtlpVectoredPool[i];
    if (entry) {
        VECTORED_HANDLER *before = First ? RtlpVectoredList.Next : &RtlpVectoredList;
        entry->InUse = TRUE;
        entry->Handler = Handler;
        entry->Next = before;
        entry->Prev = before->Prev;
        before->Prev->Next = entry;
        before->Prev = entry;
    }
    RtlpReleaseLock(&RtlpVectoredLock);
    return entry;
}

ULONG NTAPI RtlRemoveVectoredExceptionHandler(PVOID Handle)
{
    ULONG found = 0;

    RtlpAcquireLock(&RtlpVectoredLock);
    for (VECTORED_HANDLER *e = RtlpVectoredList.Next; e != &RtlpVectoredList; e = e->Next) {
        if (e == Handle) {
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


/* Whether a handler took the exception (the context then says where to go on): the vectored handlers,
 * then the handlers of the frames on the stack. The vectored ones are copied out first, so that one may
 * add or remove handlers, or raise again. */
static BOOLEAN RtlpDispatchException(EXCEPTION_RECORD *record, CONTEXT *context)
{
    PVECTORED_EXCEPTION_HANDLER handlers[RTLP_MAX_VECTORED];
    EXCEPTION_POINTERS pointers = {record, context};
    int count = 0;

    RtlpAcquireLock(&RtlpVectoredLock);
    for (VECTORED_HANDLER *e = RtlpVectoredList.Next; e != &RtlpVectoredList; e = e->Next)
        handlers[count++] = e->Handler;
    RtlpReleaseLock(&RtlpVectoredLock);
    for (int i = 0; i < count; i++)
        if (handlers[i](&pointers) == EXCEPTION_CONTINUE_EXECUTION)
            return TRUE;
    return RtlpDispatchToFrames(record, context);
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
