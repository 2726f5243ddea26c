/* Local procedure calls: what the other components ask of the port objects. */
#ifndef LPC_LPC_H
#define LPC_LPC_H

#include "ke/ke.h"
#include "nt/types.h"

/* A thread ends: the ports it registered (NtRegisterThreadTerminatePort) tell their servers LPC_CLIENT_DIED. */
void LpcExitThread(KTHREAD *thread, const CLIENT_ID *id);

#endif
