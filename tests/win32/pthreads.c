/* POSIX threads from mingw's libwinpthread-1.dll, found in the program's directory: threads, a mutex and a
 * condition variable. */
#include <pthread.h>
#include "wintest.h"

static pthread_mutex_t Lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t Changed = PTHREAD_COND_INITIALIZER;
static int Count, Ready;

static void *Worker(void *arg)
{
    for (int i = 0; i < 10000; i++) {
        pthread_mutex_lock(&Lock);
        Count++;
        pthread_mutex_unlock(&Lock);
    }
    pthread_mutex_lock(&Lock);
    Ready++;
    pthread_cond_signal(&Changed);
    pthread_mutex_unlock(&Lock);
    return arg;
}

int main(void)
{
    pthread_t threads[3];
    void *result;
    int joined = 0;

    for (int i = 0; i < 3; i++)
        ok(!pthread_create(&threads[i], NULL, Worker, (void *)(long long)(i + 1)), "pthread_create %d", i);
    pthread_mutex_lock(&Lock);
    while (Ready < 3)
        pthread_cond_wait(&Changed, &Lock);
    pthread_mutex_unlock(&Lock);
    for (int i = 0; i < 3; i++)
        joined += !pthread_join(threads[i], &result) && result == (void *)(long long)(i + 1);
    ok(joined == 3 && Count == 30000, "three threads joined, the mutex held: %d %d", joined, Count);
    return wintest_summary();
}
