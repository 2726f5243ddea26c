/* Fiber-local storage: slots, values per thread, and the callbacks when a slot is freed or a thread ends. */
#include "lib/nttest.h"

static PVOID Seen[8];
static int SeenCount;
static ULONG Slot;

static void NTAPI Callback(PVOID value)
{
    if (SeenCount < 8)
        Seen[SeenCount++] = value;
}

static ULONG NTAPI ThreadMain(PVOID arg)
{
    PVOID value = (PVOID)1;
    ok_status(RtlFlsGetValue(Slot, &value), STATUS_SUCCESS);
    ok(value == NULL, "a new thread's value is NULL");
    ok_status(RtlFlsSetValue(Slot, (PVOID)0x77), STATUS_SUCCESS);
    return 0;
}

static void TestValuesAndCallbacks(void)
{
    HANDLE thread;
    PVOID value = (PVOID)1;
    ULONG other, again;

    ok_status(RtlFlsAlloc(Callback, &Slot), STATUS_SUCCESS);
    ok(Slot >= 1 && Slot < 4080, "a slot: %u", Slot);
    ok_status(RtlFlsGetValue(Slot, &value), STATUS_SUCCESS);
    ok(value == NULL, "NULL before it is set");
    ok_status(RtlFlsSetValue(Slot, (PVOID)0x1234), STATUS_SUCCESS);
    ok_status(RtlFlsGetValue(Slot, &value), STATUS_SUCCESS);
    ok(value == (PVOID)0x1234, "set and read back");

    ok_status(NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), (PVOID)ThreadMain, NULL, 0, 0, 0,
                               0, NULL), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(thread, FALSE, NULL), STATUS_SUCCESS);
    NtClose(thread);
    ok(SeenCount == 1 && Seen[0] == (PVOID)0x77, "the thread's value went to the callback when it ended (%d)",
       SeenCount);
    ok_status(RtlFlsGetValue(Slot, &value), STATUS_SUCCESS);
    ok(value == (PVOID)0x1234, "this thread's value is its own");

    ok_status(RtlFlsFree(Slot), STATUS_SUCCESS);
    ok(SeenCount == 2 && Seen[1] == (PVOID)0x1234, "freeing the slot hands the values to the callback");
    ok_status(RtlFlsGetValue(Slot, &value), STATUS_INVALID_PARAMETER);
    ok_status(RtlFlsSetValue(Slot, value), STATUS_INVALID_PARAMETER);
    ok_status(RtlFlsFree(Slot), STATUS_INVALID_PARAMETER);
    ok_status(RtlFlsAlloc(NULL, &again), STATUS_SUCCESS);
    ok(again == Slot, "the first free slot is handed out again");
    ok_status(RtlFlsSetValue(again, (PVOID)5), STATUS_SUCCESS);
    ok_status(RtlFlsFree(again), STATUS_SUCCESS);
    ok(SeenCount == 2, "no callback, none called");

    ok_status(RtlFlsGetValue(0, &value), STATUS_INVALID_PARAMETER);
    ok_status(RtlFlsGetValue(4080, &value), STATUS_INVALID_PARAMETER);
    ok_status(RtlFlsSetValue(0xffffffff, value), STATUS_INVALID_PARAMETER);
    ok_status(RtlFlsAlloc(NULL, &other), STATUS_SUCCESS);
    ok_status(RtlFlsFree(other), STATUS_SUCCESS);
}

static void TestManySlots(void)
{
    ULONG slots[300];
    int good = 1;

    for (int i = 0; i < 300; i++)
        if (RtlFlsAlloc(NULL, &slots[i]) || RtlFlsSetValue(slots[i], (PVOID)(ULONG_PTR)(i + 1)))
            good = 0;
    for (int i = 0; i < 300; i++) {
        PVOID value;
        if (RtlFlsGetValue(slots[i], &value) || value != (PVOID)(ULONG_PTR)(i + 1))
            good = 0;
        RtlFlsFree(slots[i]);
    }
    ok(good, "300 slots keep their values as the array grows");
}

void RunTests(void)
{
    TestValuesAndCallbacks();
    TestManySlots();
}
