/* What the loader offers the rest of ntdll: the start of every thread but the first. */
#ifndef LDR_LDR_H
#define LDR_LDR_H

#include "nt/ntdll.h"

/* A new thread's TLS and DLL_THREAD_ATTACH, before its start routine runs. */
NTSTATUS LdrpInitializeThread(void);

#endif
