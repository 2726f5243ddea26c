/* The security reference monitor's interface: the access token every thread of the process acts with. */
#ifndef SE_SE_H
#define SE_SE_H

#include "nt/types.h"
#include "nt/se.h"

/* The user every Veles program runs as (one Linux user is one Windows user), as a SID string: its key
 * below \REGISTRY\USER is HKEY_CURRENT_USER. */
#define SE_USER_SID_STRING "S-1-5-21-0-0-0-1000"

/* Whether the caller's token holds the privilege (an SE_*_PRIVILEGE) and has it enabled, as the services
 * that need one ask before they act (STATUS_PRIVILEGE_NOT_HELD when not). */
BOOLEAN SeSinglePrivilegeCheck(ULONG privilege);
/* The logon session of every Veles process of the user (TokenStatistics' AuthenticationId). */
LUID SeGetAuthenticationId(void);

/* Objects' security descriptors (sd.c), self-relative in host memory. A caller's descriptor, either form,
 * copied and checked. */
NTSTATUS SeCaptureSecurityDescriptor(const void *user, SECURITY_DESCRIPTOR_RELATIVE **out);
/* A new object's descriptor from its creator's (a caller's pointer), kept where ObGetSecuritySlot says. */
NTSTATUS SeAssignSecurity(void *object, const void *user_descriptor);
/* Keep a creator's captured descriptor at slot, the token's defaults filling what it leaves out. */
void SeStoreSecurity(void **slot, const SECURITY_DESCRIPTOR_RELATIVE *descriptor);

#endif
