/* The thread pool's I/O objects: a file bound to its pool's completion port, a thread per pool taking the
 * port's packets and posting each to the object its key names, and the old RtlSetIoCompletionCallback. */
#include "rtl/tpp.h"

typedef struct {
    LIST_ENTRY Link;
    PVOID Overlapped;
    IO_STATUS_BLOCK IoStatus;
} RTLP_IO_PACKET;

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
        RtlAcquireSRWLockExclusive(&pool->Lock);
        InsertTailList(&object->Packets, &packet->Link);
        RtlReleaseSRWLockExclusive(&pool->Lock);
        RtlpPost(object);
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
    RtlAcquireSRWLockExclusive(&pool->Lock);
    if (object->IoPending > 0)
        object->IoPending--;
    RtlWakeAllConditionVariable(&object->Done);
    RtlReleaseSRWLockExclusive(&pool->Lock);
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

    RtlAcquireSRWLockExclusive(&object->Pool->Lock);
    if (object->IoPending > 0)
        object->IoPending--;
    RtlReleaseSRWLockExclusive(&object->Pool->Lock);
}

/* Until the operations started have completed and their callbacks run; cancelling forgets those not run. */
void NTAPI TpWaitForIoCompletion(TP_IO *Io, BOOLEAN CancelPendingCallbacks)
{
    RTLP_TP_OBJECT *object = (RTLP_TP_OBJECT *)Io;
    TP_POOL *pool = object->Pool;

    RtlAcquireSRWLockExclusive(&pool->Lock);
    while (CancelPendingCallbacks && !IsListEmpty(&object->Packets)) {
        RTLP_IO_PACKET *packet = CONTAINING_RECORD(object->Packets.Flink, RTLP_IO_PACKET, Link);
        RemoveEntryList(&packet->Link);
        RtlFreeHeap(RtlpHeap(), 0, packet);
        object->IoPending -= object->IoPending > 0;
    }
    while (!CancelPendingCallbacks && object->IoPending)
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

    if (Flags)
        return STATUS_INVALID_PARAMETER;
    return TpAllocIoCompletion(&io, FileHandle, RtlpOverlappedCompleted, (PVOID)Function, NULL);
}
