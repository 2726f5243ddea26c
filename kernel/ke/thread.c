/* Host-side state of the threads that run Windows code: TLS pointer, alternate signal stack, GS base. */
#include <asm/prctl.h>
#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stddef.h>
#include <stdlib.h>
#include "host/host.h"
#include "ke/ke.h"
#include "ke/kioffsets.h"
#include "ke/kip.h"

_Static_assert(offsetof(KTHREAD, ExitWork) == KI_THREAD_EXIT_WORK, "KI_THREAD_EXIT_WORK");
_Static_assert(offsetof(KTHREAD, InService) == KI_THREAD_IN_SERVICE, "KI_THREAD_IN_SERVICE");
_Static_assert(offsetof(KTHREAD, ServiceFrame) == KI_THREAD_SERVICE_FRAME, "KI_THREAD_SERVICE_FRAME");
_Static_assert(offsetof(KTHREAD, KernelStack) == KI_THREAD_KERNEL_STACK, "KI_THREAD_KERNEL_STACK");
_Static_assert(offsetof(KSERVICE_FRAME, Rsp) == KI_FRAME_RSP, "KI_FRAME_RSP");
_Static_assert(offsetof(KSERVICE_FRAME, Rip) == KI_FRAME_RIP, "KI_FRAME_RIP");
_Static_assert(offsetof(KSERVICE_FRAME, MxCsr) == KI_FRAME_MXCSR, "KI_FRAME_MXCSR");
_Static_assert(offsetof(KSERVICE_FRAME, Xmm) == KI_FRAME_XMM, "KI_FRAME_XMM");

/* Read by the service entry in entry.S, hence not static. */
__thread KTHREAD *KiCurrentThread;

KTHREAD *KeGetCurrentThread(void)
{
    return KiCurrentThread;
}

void KeInitializeThreadObject(KTHREAD *thread)
{
    KeInitializeDispatcherHeader(&thread->Header, KE_OBJECT_THREAD, 0);
    thread->OwnedMutants.Flink = thread->OwnedMutants.Blink = &thread->OwnedMutants;
    thread->ExitStatus = STATUS_PENDING;
    thread->State = KE_THREAD_INITIALIZED;
    pthread_mutex_init(&thread->SuspendLock, NULL);
    KeInitializeDebugRegisters(thread);
}

void KeDeleteThreadObject(KTHREAD *thread)
{
    KipFreeUserApcs(thread);
    KeReleaseDebugRegisters(thread);
    pthread_mutex_destroy(&thread->SuspendLock);
}

NTSTATUS KeInitializeThread(KTHREAD *thread, PTEB teb, void *alt_stack, size_t alt_stack_size)
{
    stack_t ss;

    /* Faults on a Windows stack that is exhausted still need a stack to be handled on. */
    thread->AltStack = alt_stack;
    thread->AltStackSize = alt_stack_size;
    ss.ss_sp = alt_stack;
    ss.ss_size = alt_stack_size;
    ss.ss_flags = 0;
    if (sigaltstack(&ss, NULL))
        return HostErrnoToStatus(errno);

    thread->Teb = teb;
    thread->ThreadId = (ULONG)syscall(SYS_gettid); /* Linux's: signals and shared mutants' owners name it */
    if (syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)teb))
        return HostErrnoToStatus(errno);
    KiCurrentThread = thread;
    return KeArmSyscallTrap(thread);
}

/* The thread keeps its trap armed and its alternate stack (which lives on its host stack) to the end: host
 * code is exempt from the trap, and both go with the thread. */
void KeRundownThread(KTHREAD *thread)
{
    /* The Linux thread may go on to run another Windows thread: the breakpoints were this one's. */
    KeReleaseDebugRegisters(thread);
    KiCurrentThread = NULL;
}
