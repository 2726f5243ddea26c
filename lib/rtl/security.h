/* Security structures' checks and their self-relative packing, shared by ntdll's Rtl functions and the kernel's
 * object security (kernel/se/sd.c). Pure: what they read is in memory the caller owns. */
#ifndef LIB_RTL_SECURITY_H
#define LIB_RTL_SECURITY_H

#include "nt/ntdef.h"
#include "nt/se.h"

/* A SID's size in bytes, from its sub-authority count. */
ULONG RtlpSidLength(const SID *sid);
BOOLEAN RtlpValidSid(const SID *sid);
/* The end of the ACEs an ACL counts, or NULL when one of them runs past the ACL. */
const ACE_HEADER *RtlpAclEnd(const ACL *acl);
BOOLEAN RtlpValidAcl(const ACL *acl);
/* A self-relative security descriptor of control and the parts given (NULL: absent) at out, when size bytes
 * hold it; the bytes it takes either way. SE_SELF_RELATIVE is set; the presence bits are the caller's. */
ULONG RtlpPackRelativeDescriptor(void *out, ULONG size, SECURITY_DESCRIPTOR_CONTROL control, const ACL *sacl,
                                 const ACL *dacl, const SID *owner, const SID *group);

#endif
