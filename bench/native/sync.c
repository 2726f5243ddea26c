/* The native counterparts of bench/sync.c: a futex ping-pong between two threads (per round trip), an
 * uncontended pthread mutex lock and unlock, pthread create and join, eventfd create and close.
 * Prints "PINGPONG_NS MUTEX_NS THREAD_US HANDLE_NS". */
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 100000
static volatile int Ping, Pong;

static double Now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* A one-shot flag like a synchronization event: wait until set, then clear it. */
static void Take(volatile int *flag)
{
    while (!__atomic_exchange_n(flag, 0, __ATOMIC_ACQUIRE))
        syscall(SYS_futex, flag, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
}

static void Give(volatile int *flag)
{
    __atomic_store_n(flag, 1, __ATOMIC_RELEASE);
    syscall(SYS_futex, flag, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void *Ponger(void *arg)
{
    for (int i = 0; i < ROUNDS; i++) {
        Take(&Ping);
        Give(&Pong);
    }
    return NULL;
}

static void *Nothing(void *arg)
{
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    const int mutex_rounds = 1000000, thread_rounds = 2000, handle_rounds = 500000;
    double t0, pingpong, mutex, thread, handle;

    pthread_create(&t, NULL, Ponger, NULL);
    t0 = Now();
    for (int i = 0; i < ROUNDS; i++) {
        Give(&Ping);
        Take(&Pong);
    }
    pingpong = (Now() - t0) / ROUNDS;
    pthread_join(t, NULL);

    t0 = Now();
    for (int i = 0; i < mutex_rounds; i++) {
        pthread_mutex_lock(&m);
        pthread_mutex_unlock(&m);
    }
    mutex = (Now() - t0) / mutex_rounds;

    t0 = Now();
    for (int i = 0; i < thread_rounds; i++) {
        pthread_create(&t, NULL, Nothing, NULL);
        pthread_join(t, NULL);
    }
    thread = (Now() - t0) / thread_rounds / 1000;

    t0 = Now();
    for (int i = 0; i < handle_rounds; i++)
        close(eventfd(0, 0));
    handle = (Now() - t0) / handle_rounds;
    printf("%.1f %.1f %.1f %.1f\n", pingpong, mutex, thread, handle);
    return 0;
}
