/* The native counterpart of bench/exception.c's fault: a SIGSEGV whose handler moves the program past the
 * faulting store and returns. Prints "FAULT_NS". */
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <ucontext.h>

extern void Fault(void);
extern char FaultResume[];
__asm__(".globl Fault\nFault:\n"
        "    xorl %eax, %eax\n"
        "    movl %eax, (%rax)\n"
        ".globl FaultResume\nFaultResume:\n"
        "    ret\n");

static void SkipFault(int sig, siginfo_t *info, void *context)
{
    ((ucontext_t *)context)->uc_mcontext.gregs[REG_RIP] = (greg_t)FaultResume;
}

int main(void)
{
    const int rounds = 100000;
    struct sigaction sa = {.sa_sigaction = SkipFault, .sa_flags = SA_SIGINFO};
    struct timespec t0, t1;

    sigaction(SIGSEGV, &sa, NULL);
    for (int i = 0; i < 1000; i++)
        Fault();
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < rounds; i++)
        Fault();
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%.1f\n", ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / rounds);
    return 0;
}
