/* Fiber-local storage: slots with a callback each, and per thread (TEB->FlsData) an array of values that
 * grows to the highest slot it sets. The callbacks run when a slot is freed and when a thread ends. */
#include "rtl/rtlp.h"

#define RTLP_FLS_MAXIMUM 4080 /* FLS_MAXIMUM_AVAILABLE; slot 0 is never handed out */

typedef struct {
    LIST_ENTRY Link; /* every thread's data, so that freeing a slot reaches all of them */
    ULONG Count;     /* entries of Values */
    PVOID *Values;
} RTLP_FLS_DATA;

static volatile LONG RtlpFlsLock;
static BOOLEAN RtlpFlsUsed[RTLP_FLS_MAXIMUM];
static PFLS_CALLBACK_FUNCTION RtlpFlsCallbacks[RTLP_FLS_MAXIMUM];
static LIST_ENTRY RtlpFlsThreads = {&RtlpFlsThreads, &RtlpFlsThreads};

static BOOLEAN RtlpFlsValid(ULONG index)
{
    return index && index < RTLP_FLS_MAXIMUM && __atomic_load_n(&RtlpFlsUsed[index], __ATOMIC_ACQUIRE);
}

NTSTATUS NTAPI RtlFlsAlloc(PFLS_CALLBACK_FUNCTION Callback, PULONG Index)
{
    NTSTATUS status = STATUS_NO_MEMORY;

    RtlpAcquireLock(&RtlpFlsLock);
    for (ULONG i = 1; i < RTLP_FLS_MAXIMUM; i++) {
        if (RtlpFlsUsed[i])
            continue;
        RtlpFlsCallbacks[i] = Callback;
        __atomic_store_n(&RtlpFlsUsed[i], TRUE, __ATOMIC_RELEASE);
        *Index = i;
        status = STATUS_SUCCESS;
        break;
    }
    RtlpReleaseLock(&RtlpFlsLock);
    return status;
}

/* Take a thread's value of a slot away and hand it to the slot's callback, outside the lock (the callback
 * may use FLS itself). Called and returns with the lock held. */
static void RtlpFlsRunCallback(RTLP_FLS_DATA *data, ULONG index)
{
    PFLS_CALLBACK_FUNCTION callback = RtlpFlsCallbacks[index];
    PVOID value = data->Values[index];

    data->Values[index] = NULL;
    if (!callback || !value)
        return;
    RtlpReleaseLock(&RtlpFlsLock);
    callback(value);
    RtlpAcquireLock(&RtlpFlsLock);
}

NTSTATUS NTAPI RtlFlsFree(ULONG Index)
{
    BOOLEAN again = TRUE;

    RtlpAcquireLock(&RtlpFlsLock);
    if (!RtlpFlsValid(Index)) {
        RtlpReleaseLock(&RtlpFlsLock);
        return STATUS_INVALID_PARAMETER;
    }
    /* The list may change while a callback runs: walk it again until no thread has a value. */
    while (again) {
        again = FALSE;
        for (LIST_ENTRY *l = RtlpFlsThreads.Flink; l != &RtlpFlsThreads; l = l->Flink) {
            RTLP_FLS_DATA *data = CONTAINING_RECORD(l, RTLP_FLS_DATA, Link);
            if (Index < data->Count && data->Values[Index]) {
                RtlpFlsRunCallback(data, Index);
                again = TRUE;
                break;
            }
        }
    }
    RtlpFlsCallbacks[Index] = NULL;
    __atomic_store_n(&RtlpFlsUsed[Index], FALSE, __ATOMIC_RELEASE);
    RtlpReleaseLock(&RtlpFlsLock);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlFlsGetValue(ULONG Index, PVOID *Value)
{
    RTLP_FLS_DATA *data = NtCurrentTeb()->FlsData;

    if (!RtlpFlsValid(Index))
        return STATUS_INVALID_PARAMETER;
    *Value = data && Index < data->Count ? data->Values[Index] : NULL;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlFlsSetValue(ULONG Index, PVOID Value)
{
    TEB *teb = NtCurrentTeb();
    RTLP_FLS_DATA *data = teb->FlsData;

    if (!RtlpFlsValid(Index))
        return STATUS_INVALID_PARAMETER;
    if (!data) {
        if (!(data = RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY, sizeof(*data))))
            return STATUS_NO_MEMORY;
        RtlpAcquireLock(&RtlpFlsLock);
        InsertTailList(&RtlpFlsThreads, &data->Link);
        RtlpReleaseLock(&RtlpFlsLock);
        teb->FlsData = data;
    }
    if (Index >= data->Count) {
        ULONG count = Index < 32 ? 64 : (Index + 1) * 2;
        PVOID *values = RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY, count * sizeof(PVOID)), *old;
        if (!values)
            return STATUS_NO_MEMORY;
        RtlpAcquireLock(&RtlpFlsLock);
        if (data->Count)
            memcpy(values, data->Values, data->Count * sizeof(PVOID));
        old = data->Values;
        data->Values = values;
        data->Count = count;
        RtlpReleaseLock(&RtlpFlsLock);
        RtlFreeHeap(RtlpHeap(), 0, old);
    }
    data->Values[Index] = Value;
    return STATUS_SUCCESS;
}

/* A thread's data at its end: flag 1 runs the callbacks of its values, flag 2 frees the data. */
void NTAPI RtlProcessFlsData(PVOID FlsData, ULONG Flags)
{
    RTLP_FLS_DATA *data = FlsData;

    if (!data)
        return;
    RtlpAcquireLock(&RtlpFlsLock);
    if (Flags & 1)
        for (ULONG i = 1; i < data->Count; i++)
            if (RtlpFlsUsed[i])
                RtlpFlsRunCallback(data, i);
    if (Flags & 2)
        RemoveEntryList(&data->Link);
    RtlpReleaseLock(&RtlpFlsLock);
    if (Flags & 2) {
        if (NtCurrentTeb()->FlsData == data)
            NtCurrentTeb()->FlsData = NULL;
        RtlFreeHeap(RtlpHeap(), 0, data->Values);
        RtlFreeHeap(RtlpHeap(), 0, data);
    }
}
