/* Host-side state of the threads that run Windows code: TLS pointer, alternate signal stack, GS base. */
#include <asm/prctl.h>
#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "host/host.h"
#include "ke/ke.h"

static __thread KTHREAD *KipCurrentThread;

KTHREAD *KeGetCurrentThread(void)
{
    return KipCurrentThread;
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
    thread->ThreadId = (ULONG)(ULONG_PTR)teb->ClientId.UniqueThread;
    if (syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)teb))
        return HostErrnoToStatus(errno);
    KipCurrentThread = thread;
    return KeArmSyscallTrap(thread);
}

/* The thread keeps its trap armed and its alternate stack (which lives on its host stack) to the end: host
 * code is exempt from the trap, and both go with the thread. */
void KeRundownThread(KTHREAD *thread)
{
    (void)thread;
    KipCurrentThread = NULL;
}
