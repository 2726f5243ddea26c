/* The lock ntdll's own structures are kept under: one word, waiters parked on the NULL keyed event. */
#include "rtl/rtlp.h"

/* Bit 0: held. The rest: twice the number of threads parked. A release with threads parked hands the lock,
 * still held, to one of them, so the word never shows it free while someone is owed it. */
#define RTLP_LOCK_HELD 1
#define RTLP_LOCK_WAITER 2
#define RTLP_LOCK_SPINS 100

void RtlpAcquireLock(volatile LONG *lock)
{
    LONG state = 0;

    if (__atomic_compare_exchange_n(lock, &state, RTLP_LOCK_HELD, FALSE, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return;
    for (int spins = 0;; spins++) {
        state = __atomic_load_n(lock, __ATOMIC_RELAXED);
        if (!(state & RTLP_LOCK_HELD)) {
            if (__atomic_compare_exchange_n(lock, &state, state | RTLP_LOCK_HELD, FALSE, __ATOMIC_ACQUIRE,
                                            __ATOMIC_RELAXED))
                return;
        } else if (spins < RTLP_LOCK_SPINS) {
            __builtin_ia32_pause();
        } else if (__atomic_compare_exchange_n(lock, &state, state + RTLP_LOCK_WAITER, FALSE, __ATOMIC_RELAXED,
                                               __ATOMIC_RELAXED)) {
            NtWaitForKeyedEvent(NULL, (PVOID)lock, FALSE, NULL);
            __atomic_thread_fence(__ATOMIC_ACQUIRE);
            return; /* handed over */
        }
    }
}

void RtlpReleaseLock(volatile LONG *lock)
{
    LONG state = RTLP_LOCK_HELD;

    if (__atomic_compare_exchange_n(lock, &state, 0, FALSE, __ATOMIC_RELEASE, __ATOMIC_RELAXED))
        return;
    for (;;) {
        state = __atomic_load_n(lock, __ATOMIC_RELAXED);
        if (state == RTLP_LOCK_HELD) {
            if (__atomic_compare_exchange_n(lock, &state, 0, FALSE, __ATOMIC_RELEASE, __ATOMIC_RELAXED))
                return;
        } else if (__atomic_compare_exchange_n(lock, &state, state - RTLP_LOCK_WAITER, FALSE, __ATOMIC_RELEASE,
                                               __ATOMIC_RELAXED)) {
            NtReleaseKeyedEvent(NULL, (PVOID)lock, FALSE, NULL);
            return;
        }
    }
}
