/* Offsets of the KTHREAD fields the service entry in entry.S reads and writes (checked in ke/thread.c). */
#ifndef KE_KIOFFSETS_H
#define KE_KIOFFSETS_H

#define KI_THREAD_EXIT_WORK 0x18
#define KI_THREAD_IN_SERVICE 0x1c
#define KI_THREAD_SERVICE_FRAME 0x20
#define KI_THREAD_KERNEL_STACK 0x120
/* Within KSERVICE_FRAME: rbx rbp rsi rdi r12-r15 at 0 to 0x38, then rsp, rip, mxcsr, xmm6-15. */
#define KI_FRAME_RSP 0x40
#define KI_FRAME_RIP 0x48
#define KI_FRAME_MXCSR 0x50
#define KI_FRAME_XMM 0x60

#endif
