/* Host-side state of the threads that run Windows code: TLS pointer, alternate signal stack, GS base. */
#include <asm/prctl.h>
#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "host/host.h"
#include "ke/ke.h"

#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH 59
#endif

static __thread KTHREAD *KipCurrentThread;

KTHREAD *KeGetCurrentThread(void)
{
    return KipCurrentThread;
}

NTSTATUS KeInitializeThread(KTHREAD *thread, PTEB teb)
{
    stack_t ss;

    /* Faults on a Windows stack that is exhausted still need a stack to be handled on. */
    thread->AltStackSize = 256 * 1024;
    thread->AltStack = mmap(NULL, thread->AltStackSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (thread->AltStack == MAP_FAILED)
        return STATUS_NO_MEMORY;
    ss.ss_sp = thread->AltStack;
    ss.ss_size = thread->AltStackSize;
    ss.ss_flags = 0;
    if (sigaltstack(&ss, NULL))
        return HostErrnoToStatus(errno);

    thread->Teb = teb;
    thread->ThreadId = (ULONG)gettid();
    if (syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)teb))
        return HostErrnoToStatus(errno);
    KipCurrentThread = thread;
    return KeArmSyscallTrap(thread);
}

void KeRundownThread(KTHREAD *thread)
{
    stack_t ss = {.ss_flags = SS_DISABLE};

    prctl(PR_SET_SYSCALL_USER_DISPATCH, 0ul, 0ul, 0ul, 0ul);
    sigaltstack(&ss, NULL);
    munmap(thread->AltStack, thread->AltStackSize);
    KipCurrentThread = NULL;
}
