/* Threads: CreateThread with events and a critical section, WaitForMultipleObjects (any and all), a semaphore,
 * exit codes of threads, thread-local storage (TlsAlloc and the compiler's __thread), and Interlocked counters. */
#include <windows.h>
#include "wintest.h"

#define WORKERS 4
#define ROUNDS 20000

static CRITICAL_SECTION Lock;
static LONG Shared, Atomic;
static HANDLE Start, Done[WORKERS];
static DWORD Slot;
static __thread int PerThread;

static DWORD WINAPI Worker(void *arg)
{
    int index = (int)(INT_PTR)arg;

    WaitForSingleObject(Start, INFINITE);
    TlsSetValue(Slot, (void *)(INT_PTR)(index + 100));
    PerThread = index;
    for (int i = 0; i < ROUNDS; i++) {
        EnterCriticalSection(&Lock);
        Shared++;
        LeaveCriticalSection(&Lock);
        InterlockedIncrement(&Atomic);
    }
    /* Each thread sees its own slot and variable, whatever the others did. */
    if ((INT_PTR)TlsGetValue(Slot) != index + 100 || PerThread != index)
        return 99;
    SetEvent(Done[index]);
    return 10 + index;
}

int main(void)
{
    HANDLE threads[WORKERS], semaphore;
    DWORD code, result;

    InitializeCriticalSection(&Lock);
    Slot = TlsAlloc();
    ok(Slot != TLS_OUT_OF_INDEXES, "TlsAlloc");
    TlsSetValue(Slot, (void *)1);
    PerThread = -1;
    Start = CreateEventW(NULL, TRUE, FALSE, NULL);
    for (int i = 0; i < WORKERS; i++) {
        Done[i] = CreateEventW(NULL, FALSE, FALSE, NULL);
        threads[i] = CreateThread(NULL, 0, Worker, (void *)(INT_PTR)i, 0, NULL);
        ok(threads[i] != NULL, "CreateThread %d", i);
    }
    ok(WaitForMultipleObjects(WORKERS, Done, FALSE, 50) == WAIT_TIMEOUT, "nothing done before the start");
    SetEvent(Start);
    result = WaitForMultipleObjects(WORKERS, threads, TRUE, 30000);
    ok(result == WAIT_OBJECT_0, "all threads ended: %lx", result);
    ok(Shared == WORKERS * ROUNDS && Atomic == WORKERS * ROUNDS, "the critical section and Interlocked: %ld %ld",
       Shared, Atomic);
    for (int i = 0; i < WORKERS; i++) {
        ok(GetExitCodeThread(threads[i], &code) && code == (DWORD)(10 + i), "thread %d's exit code: %lu", i, code);
        ok(WaitForSingleObject(Done[i], 0) == WAIT_OBJECT_0, "its auto-reset event was set");
        CloseHandle(threads[i]);
    }
    ok((INT_PTR)TlsGetValue(Slot) == 1 && PerThread == -1, "the main thread's own TLS is untouched");
    ok(TlsFree(Slot), "TlsFree");

    semaphore = CreateSemaphoreW(NULL, 2, 2, NULL);
    ok(WaitForSingleObject(semaphore, 0) == WAIT_OBJECT_0 && WaitForSingleObject(semaphore, 0) == WAIT_OBJECT_0 &&
       WaitForSingleObject(semaphore, 0) == WAIT_TIMEOUT, "a semaphore of two");
    ok(ReleaseSemaphore(semaphore, 2, NULL) && !ReleaseSemaphore(semaphore, 1, NULL) &&
       GetLastError() == ERROR_TOO_MANY_POSTS, "and its limit: %lu", GetLastError());
    CloseHandle(semaphore);
    DeleteCriticalSection(&Lock);
    return wintest_summary();
}
