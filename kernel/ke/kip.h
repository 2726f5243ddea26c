/* What the kernel core's files share among themselves. */
#ifndef KE_KIP_H
#define KE_KIP_H

#include <pthread.h>
#include "ke/ke.h"

/* Guards every DISPATCHER_HEADER. Taken after the timer lock, never before it. */
extern pthread_mutex_t KipDispatcherLock;
/* The object became signalled: complete the waits it satisfies (dispatcher lock held). */
void KipWaitTest(DISPATCHER_HEADER *object);

#endif
