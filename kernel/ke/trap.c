/* The trap path: Linux Syscall User Dispatch turns a raw syscall instruction in Windows code into a SIGSYS,
 * which is resumed in KiTrapBridge as a call of the same service the fast path reaches. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <ucontext.h>
#include "host/host.h"
#include "ke/ke.h"
#include "ke/kip.h"

#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH 59
#endif
/* Exclusive: syscalls from outside [offset, offset+len) are dispatched (Linux 5.11). Inclusive: syscalls
 * from inside it are (Linux 6.17). */
#define KIP_SUD_OFF 0
#define KIP_SUD_EXCLUSIVE_ON 1
#define KIP_SUD_INCLUSIVE_ON 2
#define KIP_SUD_FILTER_ALLOW 0
#define KIP_SUD_FILTER_BLOCK 1
#define KIP_SYS_USER_DISPATCH 2 /* si_code of a dispatched syscall */
#define KIP_USER_SPACE_TOP (1ull << 47)

extern const char KiTrapBridge[];
static KE_TRAP_MODE KipTrapMode;

KE_TRAP_MODE KeTrapMode(void)
{
    return KipTrapMode;
}

const char *KeTrapModeName(KE_TRAP_MODE mode)
{
    switch (mode) {
    case KE_TRAP_INCLUSIVE: return "inclusive";
    case KE_TRAP_SELECTOR: return "selector";
    default: return "off";
    }
}

/* Arm the calling thread in the given mode. Inclusive: everything below the host boundary traps.
 * Selector: the host range is exempt and the thread's selector byte decides for the rest; it blocks
 * (traps) from the moment the thread is armed. */
static int KipArm(KE_TRAP_MODE mode, volatile uint8_t *selector)
{
    if (mode == KE_TRAP_INCLUSIVE)
        return prctl(PR_SET_SYSCALL_USER_DISPATCH, KIP_SUD_INCLUSIVE_ON, 0ul, (unsigned long)KE_HOST_BOUNDARY, 0ul);
    *selector = KIP_SUD_FILTER_BLOCK;
    return prctl(PR_SET_SYSCALL_USER_DISPATCH, KIP_SUD_EXCLUSIVE_ON, (unsigned long)KE_HOST_BOUNDARY,
                 (unsigned long)(KIP_USER_SPACE_TOP - KE_HOST_BOUNDARY), (unsigned long)selector);
}

static int KipKernelHas(KE_TRAP_MODE mode)
{
    static volatile uint8_t probe_selector;
    int ok = KipArm(mode, &probe_selector) == 0;
    prctl(PR_SET_SYSCALL_USER_DISPATCH, KIP_SUD_OFF, 0ul, 0ul, 0ul);
    return ok;
}

/* VELES_SUD=inclusive|selector|off forces a mode (tests run both); otherwise the best the kernel has. */
KE_TRAP_MODE KeSelectTrapMode(void)
{
    const char *want = getenv("VELES_SUD");

    if (want && !strcmp(want, "off"))
        KipTrapMode = KE_TRAP_NONE;
    else if (want && !strcmp(want, "selector"))
        KipTrapMode = KipKernelHas(KE_TRAP_SELECTOR) ? KE_TRAP_SELECTOR : KE_TRAP_NONE;
    else if (want && !strcmp(want, "inclusive"))
        KipTrapMode = KipKernelHas(KE_TRAP_INCLUSIVE) ? KE_TRAP_INCLUSIVE : KE_TRAP_NONE;
    else if (KipKernelHas(KE_TRAP_INCLUSIVE))
        KipTrapMode = KE_TRAP_INCLUSIVE;
    else if (KipKernelHas(KE_TRAP_SELECTOR))
        KipTrapMode = KE_TRAP_SELECTOR;
    else
        KipTrapMode = KE_TRAP_NONE;

    if (want && strcmp(want, "off") && strcmp(want, KeTrapModeName(KipTrapMode)))
        HostMessage("VELES_SUD=%s: this kernel does not offer it; raw syscalls use mode '%s'", want,
                    KeTrapModeName(KipTrapMode));
    return KipTrapMode;
}

NTSTATUS KeArmSyscallTrap(KTHREAD *thread)
{
    if (KipTrapMode == KE_TRAP_NONE)
        return STATUS_SUCCESS;
    if (KipArm(KipTrapMode, &thread->SyscallSelector))
        return HostErrnoToStatus(errno);
    return STATUS_SUCCESS;
}

static void KipSigsys(int sig, siginfo_t *info, void *context)
{
    ucontext_t *uc = context;
    greg_t *r = uc->uc_mcontext.gregs;
    KTHREAD *thread = KeGetCurrentThread();

    (void)sig;
    if (info->si_code != KIP_SYS_USER_DISPATCH || !thread)
        HostBugCheck("SIGSYS (code %d) at %#llx outside a Windows thread", info->si_code,
                     (unsigned long long)r[REG_RIP]);
    thread->Trap.Number = (ULONG64)r[REG_RAX];
    thread->Trap.Args[0] = (ULONG64)r[REG_R10];
    thread->Trap.Args[1] = (ULONG64)r[REG_RDX];
    thread->Trap.Args[2] = (ULONG64)r[REG_R8];
    thread->Trap.Args[3] = (ULONG64)r[REG_R9];
    thread->Trap.UserRsp = (ULONG64)r[REG_RSP];
    /* The registers the call was made with, at the instruction after it, for the context services. */
    KiContextFromSignal(uc, &thread->TrapContext);
    thread->TrapContext.Rax = 0;
    r[REG_R11] = r[REG_RIP];
    r[REG_RIP] = (greg_t)KiTrapBridge;
}

void KiInitializeTrapSignal(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = KipSigsys;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSYS, &sa, NULL);
}
