/* Synchronisation objects and waits: the types and rights of the event, mutant, semaphore and wait services. */
#ifndef NT_SYNC_H
#define NT_SYNC_H

#include "ntdef.h"

#define MAXIMUM_WAIT_OBJECTS 64

typedef enum { NotificationEvent, SynchronizationEvent } EVENT_TYPE;
typedef enum { WaitAll, WaitAny } WAIT_TYPE;
typedef enum { NotificationTimer, SynchronizationTimer } TIMER_TYPE;

typedef enum { TimerBasicInformation } TIMER_INFORMATION_CLASS;
typedef struct {
    LARGE_INTEGER RemainingTime;
    BOOLEAN TimerState;
} TIMER_BASIC_INFORMATION;

typedef VOID(NTAPI *PTIMER_APC_ROUTINE)(PVOID TimerContext, ULONG TimerLowValue, LONG TimerHighValue);
/* A user APC as NtQueueApcThread queues it: called with its three arguments (and the context it interrupted
 * as a fourth, which Windows passes and few routines use). */
typedef VOID(NTAPI *PPS_APC_ROUTINE)(PVOID ApcArgument1, PVOID ApcArgument2, PVOID ApcArgument3);

typedef enum { EventBasicInformation } EVENT_INFORMATION_CLASS;
typedef struct {
    EVENT_TYPE EventType;
    LONG EventState;
} EVENT_BASIC_INFORMATION;

typedef enum { MutantBasicInformation, MutantOwnerInformation } MUTANT_INFORMATION_CLASS;
typedef struct {
    LONG CurrentCount;      /* 1 free; 0 owned once; -n owned n+1 times */
    BOOLEAN OwnedByCaller;
    BOOLEAN AbandonedState;
} MUTANT_BASIC_INFORMATION;

typedef enum { SemaphoreBasicInformation } SEMAPHORE_INFORMATION_CLASS;
typedef struct {
    LONG CurrentCount;
    LONG MaximumCount;
} SEMAPHORE_BASIC_INFORMATION;

#define EVENT_QUERY_STATE 0x0001
#define EVENT_MODIFY_STATE 0x0002
#define EVENT_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)
#define MUTANT_QUERY_STATE 0x0001
#define MUTANT_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | MUTANT_QUERY_STATE)
#define SEMAPHORE_QUERY_STATE 0x0001
#define SEMAPHORE_MODIFY_STATE 0x0002
#define SEMAPHORE_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)

#define TIMER_QUERY_STATE 0x0001
#define TIMER_MODIFY_STATE 0x0002
#define TIMER_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)

#define THREAD_TERMINATE 0x0001
#define THREAD_SUSPEND_RESUME 0x0002
#define THREAD_ALERT 0x0004
#define THREAD_GET_CONTEXT 0x0008
#define THREAD_SET_CONTEXT 0x0010
#define THREAD_SET_INFORMATION 0x0020
#define THREAD_QUERY_INFORMATION 0x0040
#define THREAD_QUERY_LIMITED_INFORMATION 0x0800
#define THREAD_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xffff)
#define PROCESS_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xffff)
#define PROCESS_TERMINATE 0x0001
#define PROCESS_CREATE_THREAD 0x0002
#define PROCESS_VM_OPERATION 0x0008
#define PROCESS_VM_READ 0x0010
#define PROCESS_VM_WRITE 0x0020
#define PROCESS_CREATE_PROCESS 0x0080
#define PROCESS_SET_QUOTA 0x0100
#define PROCESS_SET_INFORMATION 0x0200
#define PROCESS_QUERY_INFORMATION 0x0400
#define PROCESS_SUSPEND_RESUME 0x0800
#define PROCESS_QUERY_LIMITED_INFORMATION 0x1000

#define THREAD_CREATE_FLAGS_CREATE_SUSPENDED 0x00000001
#define THREAD_CREATE_FLAGS_SKIP_THREAD_ATTACH 0x00000002
#define THREAD_CREATE_FLAGS_HIDE_FROM_DEBUGGER 0x00000004

typedef ULONG(NTAPI *PUSER_THREAD_START_ROUTINE)(PVOID ThreadParameter);
typedef PVOID PPS_ATTRIBUTE_LIST;

#endif
