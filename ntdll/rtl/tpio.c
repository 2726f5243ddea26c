/* The thread pool's I/O objects: a file bound to its pool's completion port, a thread per pool taking the
 * port's packets and posting each to the object its key names, and the old RtlSetIoCompletionCallback. */
#include "rtl/tpp.h"

typedef struct {
    LIST_ENTRY Link;
    PVOID Overlapped;
    IO_STATUS_BLOCK IoStatus;
} RTLP_IO_PACKET;

/* A completion for the object: queued for its callback if an operation started for it (or it takes every
 * one), in the same step as the operation stops being pending, so that no waiter sees neither; else dropped,
 * a forgotten operation's ending, which may let a released object go. */
static void RtlpTakeCompletion(RTLP_TP_OBJECT *object, RTLP_IO_PACKET *packet)
{
    TP_POOL *pool = object->Pool;
    BOOLEAN queued = FALSE, due = FALSE;

    RtlAcquireSRWLockExclusive(&pool->Lock);
    if (object->IoPending || object->IoEveryCompletion) {
        if (object->IoPending)
            object->IoPending--;
        InsertTailList(&object->Packets, &packet->Link);
        RtlpPostLocked(object);
        queued = TRUE;
    } else if (object->IoSkipped) {
        object->IoSkipped--;
        due = RtlpOwnerReferenceDue(object);
    }
    RtlWakeAllConditionVariable(&object->Done);
    RtlReleaseSRWLockExclusive(&pool->Lock);
    if (!queued)
        RtlFreeHeap(RtlpHeap(), 0, packet);
    if (due)
        RtlpDereferenceObject(object);
}

/* The pool's packets, to the objects their keys are, for as long as the port lives. */
static ULONG NTAPI RtlpIoThread(PVOID parameter)
{
    TP_POOL *pool = parameter;

    for (;;) {
        RTLP_IO_PACKET *packet = RtlAllocateHeap(RtlpHeap(), 0, sizeof(*packet));
        RTLP_TP_OBJECT *object;
        PVOID key;
        if (!packet || NtRemoveIoCompletion(pool->Port, &key, &packet->Overlapped, &packet->IoStatus, NULL)) {
            if (packet)
                RtlFreeHeap(RtlpHeap(), 0, packet);
            return 0;
        }
        object = key;
        RtlpTakeCompletion(object, packet);
    }
}

/* The pool's port, and the thread that serves it, the first time an I/O object needs them. */
static NTSTATUS RtlpPoolPort(TP_POOL *pool, HANDLE *port)
{
    NTSTATUS status = STATUS_SUCCESS;
    HANDLE created, thread;

    RtlAcquireSRWLockExclusive(&pool->Lock);
    if (!pool->Port) {
        if (!(status = NtCreateIoCompletion(&created, IO_COMPLETION_ALL_ACCESS, NULL, 0))) {
            pool->Port = created;
            status = NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), RtlpIoThread, pool, 0,
                                      0, 0, 0, NULL);
            if (status) {
                NtClose(created);
                pool->Port = NULL;
            } else {
                NtClose(thread);
                pool->References++; /* the thread's */
            }
        }
    }
    *port = pool->Port;
    RtlReleaseSRWLockExclusive(&pool->Lock);
    return status;
}

void RtlpRunIoCallback(TP_CALLBACK_INSTANCE *instance, RTLP_TP_OBJECT *object)
{
    TP_POOL *pool = object->Pool;
    RTLP_IO_PACKET *packet = NULL;

    RtlAcquireSRWLockExclusive(&pool->Lock);
    if (!IsListEmpty(&object->Packets)) {
        packet = CONTAINING_RECORD(object->Packets.Flink, RTLP_IO_PACKET, Link);
        RemoveEntryList(&packet->Link);
    }
    RtlReleaseSRWLockExclusive(&pool->Lock);
    if (!packet)
        return; /* cancelled while it waited */
    ((PTP_IO_CALLBACK)object->Callback)(instance, object->Context, packet->Overlapped, &packet->IoStatus,
                                        (TP_IO *)object);
    RtlFreeHeap(RtlpHeap(), 0, packet);
}

NTSTATUS NTAPI TpAllocIoCompletion(TP_IO **Io, HANDLE File, PTP_IO_CALLBACK Callback, PVOID Context,
                                   TP_CALLBACK_ENVIRON *Environment)
{
    FILE_COMPLETION_INFORMATION binding;
    IO_STATUS_BLOCK iosb;
    RTLP_TP_OBJECT *object;
    NTSTATUS status = RtlpAllocCallbackObject(&object, RtlpIoObject, (PVOID)Callback, Context, Environment);

    if (status)
        return status;
    InitializeListHead(&object->Packets);
    binding.Key = object;
    if ((status = RtlpPoolPort(object->Pool, &binding.Port)) ||
        (status = NtSetInformationFile(File, &iosb, &binding, sizeof(binding), FileCompletionInformation))) {
        object->Released = TRUE;
        object->OwnerGone = TRUE;
        RtlpDereferenceObject(object);
        return status;
    }
    *Io = (TP_IO *)object;
    return STATUS_SUCCESS;
}

/* Before each operation on the file: its completion is awaited by TpWaitForIoCompletion. */
void NTAPI TpStartAsyncIoOperation(TP_IO *Io)
{
    RTLP_TP_OBJECT *object = (RTLP_TP_OBJECT *)Io;

    RtlAcquireSRWLockExclusive(&object->Pool->Lock);
    object->IoPending++;
    RtlReleaseSRWLockExclusive(&object->Pool->Lock);
}

/* An operation that failed to start: nothing will complete for it. */
void NTAPI TpCancelAsyncIoOperation(TP_IO *Io)
{
    RTLP_TP_OBJECT *object = (RTLP_TP_OBJECT *)Io;
    BOOLEAN due;

    RtlAcquireSRWLockExclusive(&object->Pool->Lock);
    if (object->IoPending > 0)
        object->IoPending--;
    RtlWakeAllConditionVariable(&object->Done);
    due = RtlpOwnerReferenceDue(object);
    RtlReleaseSRWLockExclusive(&object->Pool->Lock);
    if (due)
        RtlpDereferenceObject(object);
}

/* Until the operations started have completed and their callbacks run. Cancelling drops the callbacks not run
 * and forgets the operations not completed, as Windows does: their completions will run nothing, though a
 * released object still waits for them before it goes. */
void NTAPI TpWaitForIoCompletion(TP_IO *Io, BOOLEAN CancelPendingCallbacks)
{
    RTLP_TP_OBJECT *object = (RTLP_TP_OBJECT *)Io;
    TP_POOL *pool = object->Pool;

    RtlAcquireSRWLockExclusive(&pool->Lock);
    if (CancelPendingCallbacks) {
        while (!IsListEmpty(&object->Packets)) {
            RTLP_IO_PACKET *packet = CONTAINING_RECORD(object->Packets.Flink, RTLP_IO_PACKET, Link);
            RemoveEntryList(&packet->Link);
            RtlFreeHeap(RtlpHeap(), 0, packet);
        }
        object->IoSkipped += object->IoPending;
        object->IoPending = 0;
    }
    while (object->IoPending)
        RtlSleepConditionVariableSRW(&object->Done, &pool->Lock, NULL, 0);
    RtlReleaseSRWLockExclusive(&pool->Lock);
    TpWaitForWork((TP_WORK *)object, CancelPendingCallbacks);
}

void NTAPI TpReleaseIoCompletion(TP_IO *Io)
{
    TpReleaseWork((TP_WORK *)Io);
}

static void NTAPI RtlpOverlappedCompleted(PTP_CALLBACK_INSTANCE instance, PVOID context, PVOID overlapped,
                                          PIO_STATUS_BLOCK iosb, PTP_IO io)
{
    PRTL_OVERLAPPED_COMPLETION_ROUTINE function = (PRTL_OVERLAPPED_COMPLETION_ROUTINE)context;
    function(RtlNtStatusToDosError(iosb->Status), (ULONG)iosb->Information, overlapped);
}

/* The file's completions call Function for as long as the process lives, as BindIoCompletionCallback says. */
NTSTATUS NTAPI RtlSetIoCompletionCallback(HANDLE FileHandle, PRTL_OVERLAPPED_COMPLETION_ROUTINE Function,
                                          ULONG Flags)
{
    TP_IO *io;

    NTSTATUS status;

    if (Flags)
        return STATUS_INVALID_PARAMETER;
    if (!(status = TpAllocIoCompletion(&io, FileHandle, RtlpOverlappedCompleted, (PVOID)Function, NULL)))
        ((RTLP_TP_OBJECT *)io)->IoEveryCompletion = TRUE;
    return status;
}
