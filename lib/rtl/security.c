/* Security structures' checks and their self-relative packing (see security.h). */
#include "rtl/security.h"

ULONG RtlpSidLength(const SID *sid)
{
    return 8 + sid->SubAuthorityCount * sizeof(ULONG);
}

BOOLEAN RtlpValidSid(const SID *sid)
{
    return sid && sid->Revision == SID_REVISION && sid->SubAuthorityCount <= SID_MAX_SUB_AUTHORITIES;
}

const ACE_HEADER *RtlpAclEnd(const ACL *acl)
{
    const char *end = (const char *)acl + acl->AclSize, *p = (const char *)(acl + 1);

    for (USHORT i = 0; i < acl->AceCount; i++) {
        const ACE_HEADER *ace = (const ACE_HEADER *)p;
        if (p + sizeof(ACE_HEADER) > end || ace->AceSize < sizeof(ACE_HEADER) || p + ace->AceSize > end)
            return NULL;
        p += ace->AceSize;
    }
    return (const ACE_HEADER *)p;
}

BOOLEAN RtlpValidAcl(const ACL *acl)
{
    return acl && acl->AclRevision >= ACL_REVISION && acl->AclRevision <= ACL_REVISION_DS &&
           acl->AclSize >= sizeof(ACL) && RtlpAclEnd(acl);
}

ULONG RtlpPackRelativeDescriptor(void *out, ULONG size, SECURITY_DESCRIPTOR_CONTROL control, const ACL *sacl,
                                 const ACL *dacl, const SID *owner, const SID *group)
{
    const void *parts[4] = {sacl, dacl, owner, group};
    ULONG lengths[4], needed = sizeof(SECURITY_DESCRIPTOR_RELATIVE), at = needed;
    SECURITY_DESCRIPTOR_RELATIVE *rel = out;

    for (int i = 0; i < 4; i++) {
        lengths[i] = !parts[i] ? 0 : i < 2 ? ((const ACL *)parts[i])->AclSize : RtlpSidLength(parts[i]);
        needed += lengths[i];
    }
    if (size < needed)
        return needed;
    *rel = (SECURITY_DESCRIPTOR_RELATIVE){.Revision = SECURITY_DESCRIPTOR_REVISION,
                                          .Control = control | SE_SELF_RELATIVE};
    for (int i = 0; i < 4; i++) {
        ULONG *offset = i == 0 ? &rel->Sacl : i == 1 ? &rel->Dacl : i == 2 ? &rel->Owner : &rel->Group;
        if (!parts[i])
            continue;
        for (ULONG b = 0; b < lengths[i]; b++) /* no C library here */
            ((UCHAR *)rel)[at + b] = ((const UCHAR *)parts[i])[b];
        *offset = at;
        at += lengths[i];
    }
    return needed;
}
