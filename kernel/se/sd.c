/* Objects' security descriptors: captured from a caller, defaulted from the token, kept with the object (or where
 * its type keeps them), and NtQuerySecurityObject and NtSetSecurityObject over them. Veles checks no access
 * against them (every handle gets what it asks for); what it keeps is what Windows would report. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "host/host.h"
#include "ke/ke.h"
#include "nt/services.h"
#include "ob/ob.h"
#include "rtl/security.h"
#include "se/sep.h"

/* The control bits that go with each ACL. */
#define SEP_DACL_BITS (SE_DACL_PRESENT | SE_DACL_DEFAULTED | SE_DACL_PROTECTED | SE_DACL_AUTO_INHERITED)
#define SEP_SACL_BITS (SE_SACL_PRESENT | SE_SACL_DEFAULTED | SE_SACL_PROTECTED | SE_SACL_AUTO_INHERITED)

/* Descriptors change under this lock; one that is kept is replaced whole, never changed in place. */
static pthread_mutex_t SepDescriptorLock = PTHREAD_MUTEX_INITIALIZER;

/* The parts of a self-relative descriptor kept in host memory (checked when it was made). */
typedef struct {
    SECURITY_DESCRIPTOR_CONTROL Control;
    const SID *Owner, *Group;
    const ACL *Sacl, *Dacl;
} SEP_PARTS;

static SEP_PARTS SepParts(const SECURITY_DESCRIPTOR_RELATIVE *sd)
{
    const char *base = (const char *)sd;
    return (SEP_PARTS){
        .Control = sd->Control,
        .Owner = sd->Owner ? (const SID *)(base + sd->Owner) : NULL,
        .Group = sd->Group ? (const SID *)(base + sd->Group) : NULL,
        .Sacl = sd->Control & SE_SACL_PRESENT && sd->Sacl ? (const ACL *)(base + sd->Sacl) : NULL,
        .Dacl = sd->Control & SE_DACL_PRESENT && sd->Dacl ? (const ACL *)(base + sd->Dacl) : NULL,
    };
}

/* The parts packed in a new allocation; its size too when size is not NULL. */
static SECURITY_DESCRIPTOR_RELATIVE *SepPack(const SEP_PARTS *p, ULONG *size)
{
    ULONG n = RtlpPackRelativeDescriptor(NULL, 0, p->Control, p->Sacl, p->Dacl, p->Owner, p->Group);
    SECURITY_DESCRIPTOR_RELATIVE *sd = HostAlloc(n);

    RtlpPackRelativeDescriptor(sd, n, p->Control, p->Sacl, p->Dacl, p->Owner, p->Group);
    if (size)
        *size = n;
    return sd;
}

/* A SID or an ACL of the caller's, copied and checked; NULL with *status set when it cannot be. */
static void *SepCaptureSid(const void *user, NTSTATUS *status)
{
    SID head;
    void *sid;

    if (KeCopyFromUser(&head, user, 8)) {
        *status = STATUS_ACCESS_VIOLATION;
        return NULL;
    }
    if (!RtlpValidSid(&head)) {
        *status = STATUS_INVALID_SID;
        return NULL;
    }
    sid = HostAlloc(RtlpSidLength(&head));
    if (KeCopyFromUser(sid, user, RtlpSidLength(&head))) {
        free(sid);
        *status = STATUS_ACCESS_VIOLATION;
        return NULL;
    }
    return sid;
}

static void *SepCaptureAcl(const void *user, NTSTATUS *status)
{
    ACL head;
    ACL *acl;

    if (KeCopyFromUser(&head, user, sizeof(head))) {
        *status = STATUS_ACCESS_VIOLATION;
        return NULL;
    }
    if (head.AclSize < sizeof(ACL)) {
        *status = STATUS_INVALID_ACL;
        return NULL;
    }
    acl = HostAlloc(head.AclSize);
    if (KeCopyFromUser(acl, user, head.AclSize)) {
        free(acl);
        *status = STATUS_ACCESS_VIOLATION;
        return NULL;
    }
    if (!RtlpValidAcl(acl)) {
        free(acl);
        *status = STATUS_INVALID_ACL;
        return NULL;
    }
    return acl;
}

NTSTATUS SeCaptureSecurityDescriptor(const void *user, SECURITY_DESCRIPTOR_RELATIVE **out)
{
    SECURITY_DESCRIPTOR absolute;
    const void *at[4]; /* owner, group, sacl, dacl, as the caller's pointers */
    void *copy[4] = {NULL, NULL, NULL, NULL};
    NTSTATUS status = STATUS_SUCCESS;
    SEP_PARTS parts;

    *out = NULL;
    if (KeCopyFromUser(&absolute, user, 4))
        return STATUS_ACCESS_VIOLATION;
    if (absolute.Revision != SECURITY_DESCRIPTOR_REVISION)
        return STATUS_UNKNOWN_REVISION;
    if (absolute.Control & SE_SELF_RELATIVE) {
        SECURITY_DESCRIPTOR_RELATIVE rel;
        if (KeCopyFromUser(&rel, user, sizeof(rel)))
            return STATUS_ACCESS_VIOLATION;
        at[0] = rel.Owner ? (const char *)user + rel.Owner : NULL;
        at[1] = rel.Group ? (const char *)user + rel.Group : NULL;
        at[2] = rel.Sacl ? (const char *)user + rel.Sacl : NULL;
        at[3] = rel.Dacl ? (const char *)user + rel.Dacl : NULL;
    } else {
        if (KeCopyFromUser(&absolute, user, sizeof(absolute)))
            return STATUS_ACCESS_VIOLATION;
        at[0] = absolute.Owner;
        at[1] = absolute.Group;
        at[2] = absolute.Sacl;
        at[3] = absolute.Dacl;
    }
    if (!(absolute.Control & SE_SACL_PRESENT))
        at[2] = NULL;
    if (!(absolute.Control & SE_DACL_PRESENT))
        at[3] = NULL;
    for (int i = 0; i < 4 && !status; i++)
        if (at[i])
            copy[i] = i < 2 ? SepCaptureSid(at[i], &status) : SepCaptureAcl(at[i], &status);
    if (!status) {
        parts = (SEP_PARTS){absolute.Control & ~SE_SELF_RELATIVE, copy[0], copy[1], copy[2], copy[3]};
        *out = SepPack(&parts, NULL);
    }
    for (int i = 0; i < 4; i++)
        free(copy[i]);
    return status;
}

/* old with the parts info names taken from new (either may be NULL: the token's defaults stand in). */
static SECURITY_DESCRIPTOR_RELATIVE *SepMerge(const SECURITY_DESCRIPTOR_RELATIVE *old, SECURITY_INFORMATION info,
                                              const SECURITY_DESCRIPTOR_RELATIVE *new)
{
    SECURITY_DESCRIPTOR_RELATIVE *defaults = SepDefaultDescriptor(), *merged;
    SEP_PARTS o = SepParts(old ? old : defaults), n = new ? SepParts(new) : o, d = SepParts(defaults);

    if (info & OWNER_SECURITY_INFORMATION)
        o.Owner = n.Owner ? n.Owner : d.Owner;
    if (info & GROUP_SECURITY_INFORMATION)
        o.Group = n.Group ? n.Group : d.Group;
    if (info & DACL_SECURITY_INFORMATION) {
        o.Control = (o.Control & ~SEP_DACL_BITS) | (n.Control & SEP_DACL_BITS);
        o.Dacl = n.Dacl;
    }
    if (info & SACL_SECURITY_INFORMATION) {
        o.Control = (o.Control & ~SEP_SACL_BITS) | (n.Control & SEP_SACL_BITS);
        o.Sacl = n.Sacl;
    }
    o.Control &= ~(SE_OWNER_DEFAULTED | SE_GROUP_DEFAULTED);
    merged = SepPack(&o, NULL);
    free(defaults);
    return merged;
}

NTSTATUS SeAssignSecurity(void *object, const void *user_descriptor)
{
    SECURITY_DESCRIPTOR_RELATIVE *captured, **slot;
    NTSTATUS status;

    if ((status = ObGetSecuritySlot(object, (void ***)&slot)))
        return status;
    if (!slot)
        return STATUS_SUCCESS; /* kept where the type keeps it, which sets it itself */
    if ((status = SeCaptureSecurityDescriptor(user_descriptor, &captured)))
        return status;
    SeStoreSecurity((void **)slot, captured);
    free(captured);
    return STATUS_SUCCESS;
}

void SeStoreSecurity(void **slot, const SECURITY_DESCRIPTOR_RELATIVE *descriptor)
{
    /* What the creator's descriptor leaves out, the token gives; with no DACL of its own, the default one. */
    SEP_PARTS given = SepParts(descriptor);
    SECURITY_INFORMATION info = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | SACL_SECURITY_INFORMATION |
                                (given.Control & SE_DACL_PRESENT ? DACL_SECURITY_INFORMATION : 0);
    SECURITY_DESCRIPTOR_RELATIVE *merged = SepMerge(NULL, info, descriptor), *old;

    pthread_mutex_lock(&SepDescriptorLock);
    old = *slot;
    *slot = merged;
    pthread_mutex_unlock(&SepDescriptorLock);
    free(old);
}

/* What each part of a descriptor takes to read or to change. */
static ACCESS_MASK SepQueryAccess(SECURITY_INFORMATION info)
{
    return (info & (OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION |
                    LABEL_SECURITY_INFORMATION)
                ? READ_CONTROL
                : 0) |
           (info & SACL_SECURITY_INFORMATION ? ACCESS_SYSTEM_SECURITY : 0);
}

static ACCESS_MASK SepSetAccess(SECURITY_INFORMATION info)
{
    return (info & (OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | LABEL_SECURITY_INFORMATION)
                ? WRITE_OWNER
                : 0) |
           (info & DACL_SECURITY_INFORMATION ? WRITE_DAC : 0) |
           (info & SACL_SECURITY_INFORMATION ? ACCESS_SYSTEM_SECURITY : 0);
}

NTSTATUS NTAPI NtQuerySecurityObject(HANDLE Handle, SECURITY_INFORMATION SecurityInformation,
                                     PSECURITY_DESCRIPTOR SecurityDescriptor, ULONG Length, PULONG LengthNeeded)
{
    SECURITY_DESCRIPTOR_RELATIVE *kept = NULL, *answer, **slot;
    SEP_PARTS parts, asked = {0};
    ULONG size;
    void *object;
    NTSTATUS status;

    if ((status = ObReferenceObjectByHandle(Handle, SepQueryAccess(SecurityInformation), NULL, &object)))
        return status;
    if (!(status = ObGetSecuritySlot(object, (void ***)&slot))) {
        pthread_mutex_lock(&SepDescriptorLock);
        if (slot && *slot) {
            parts = SepParts(*slot);
            kept = SepPack(&parts, NULL);
        }
        pthread_mutex_unlock(&SepDescriptorLock);
    }
    ObDereferenceObject(object);
    if (status)
        return status;
    if (!kept)
        kept = SepDefaultDescriptor();
    parts = SepParts(kept);
    /* Only what was asked for, and the control bits that go with it. */
    asked.Control = parts.Control & ~(SE_OWNER_DEFAULTED | SE_GROUP_DEFAULTED | SEP_DACL_BITS | SEP_SACL_BITS);
    if (SecurityInformation & OWNER_SECURITY_INFORMATION)
        asked.Owner = parts.Owner;
    if (SecurityInformation & GROUP_SECURITY_INFORMATION)
        asked.Group = parts.Group;
    if (SecurityInformation & DACL_SECURITY_INFORMATION) {
        asked.Dacl = parts.Dacl;
        asked.Control |= parts.Control & SEP_DACL_BITS;
    }
    if (SecurityInformation & SACL_SECURITY_INFORMATION) {
        asked.Sacl = parts.Sacl;
        asked.Control |= parts.Control & SEP_SACL_BITS;
    }
    answer = SepPack(&asked, &size);
    free(kept);
    if (KeWriteUser(LengthNeeded, size))
        status = STATUS_ACCESS_VIOLATION;
    else if (Length < size)
        status = STATUS_BUFFER_TOO_SMALL;
    else if (KeCopyToUser(SecurityDescriptor, answer, size))
        status = STATUS_ACCESS_VIOLATION;
    free(answer);
    return status;
}

NTSTATUS NTAPI NtSetSecurityObject(HANDLE Handle, SECURITY_INFORMATION SecurityInformation,
                                   PSECURITY_DESCRIPTOR SecurityDescriptor)
{
    SECURITY_DESCRIPTOR_RELATIVE *given, *merged, **slot, *old;
    SEP_PARTS parts;
    void *object;
    NTSTATUS status;

    if (!SecurityDescriptor)
        return STATUS_ACCESS_VIOLATION;
    if ((status = ObReferenceObjectByHandle(Handle, SepSetAccess(SecurityInformation), NULL, &object)))
        return status;
    if ((status = ObGetSecuritySlot(object, (void ***)&slot)) ||
        (!slot && (status = KeReportNotImplemented("NtSetSecurityObject on files and keys"))) ||
        (status = SeCaptureSecurityDescriptor(SecurityDescriptor, &given))) {
        ObDereferenceObject(object);
        return status;
    }
    parts = SepParts(given);
    if ((SecurityInformation & OWNER_SECURITY_INFORMATION) && !parts.Owner)
        status = STATUS_INVALID_OWNER;
    else if ((SecurityInformation & GROUP_SECURITY_INFORMATION) && !parts.Group)
        status = STATUS_INVALID_PRIMARY_GROUP;
    if (!status) {
        pthread_mutex_lock(&SepDescriptorLock);
        merged = SepMerge(*slot, SecurityInformation, given);
        old = *slot;
        *slot = merged;
        pthread_mutex_unlock(&SepDescriptorLock);
        free(old);
    }
    free(given);
    ObDereferenceObject(object);
    return status;
}
