/* Security descriptors of new objects (RtlNewSecurityObject and its variants): owner and group from the
 * creator or the token, ACLs from the creator or inherited from the parent, CREATOR OWNER and CREATOR GROUP
 * replaced, generic rights mapped; and the conversion of an old descriptor to automatic inheritance. */
#include "rtl/rtlp.h"

#define SEF_DACL_AUTO_INHERIT 0x01
#define SEF_SACL_AUTO_INHERIT 0x02
#define SEF_DEFAULT_OWNER_FROM_PARENT 0x20
#define SEF_DEFAULT_GROUP_FROM_PARENT 0x40

#define TOKEN_OWNER_CLASS 4
#define TOKEN_PRIMARY_GROUP_CLASS 5
#define TOKEN_DEFAULT_DACL_CLASS 6

static SID RtlpCreatorOwner = {SID_REVISION, 1, {{0, 0, 0, 0, 0, 3}}, {0}};
static SID RtlpCreatorGroup = {SID_REVISION, 1, {{0, 0, 0, 0, 0, 3}}, {1}};

/* The standard layout (a mask, then a SID) of allowed, denied, audit, alarm and label ACEs. */
static BOOLEAN RtlpHasMaskAndSid(const ACE_HEADER *ace)
{
    return ace->AceType <= 3 || ace->AceType == SYSTEM_MANDATORY_LABEL_ACE_TYPE;
}

/* Appends one ACE (or, with out NULL, only counts its size): flags as given, and for an effective ACE the
 * creator SIDs replaced and generic rights mapped. */
static ULONG RtlpEmitAce(ACL *out, const ACE_HEADER *ace, UCHAR flags, PSID owner, PSID group,
                         const GENERIC_MAPPING *mapping)
{
    const ACCESS_ALLOWED_ACE *standard = (const ACCESS_ALLOWED_ACE *)ace;
    PSID sid = RtlpHasMaskAndSid(ace) ? (PSID)&standard->SidStart : NULL;
    BOOLEAN effective = !(flags & INHERIT_ONLY_ACE);
    ULONG size = ace->AceSize;
    ACCESS_ALLOWED_ACE *copy;

    if (sid && effective && owner && RtlEqualSid(sid, &RtlpCreatorOwner))
        sid = owner;
    else if (sid && effective && group && RtlEqualSid(sid, &RtlpCreatorGroup))
        sid = group;
    if (sid)
        size = offsetof(ACCESS_ALLOWED_ACE, SidStart) + RtlLengthSid(sid);
    if (!out)
        return size;
    if (!RtlFirstFreeAce(out, (PVOID *)&copy) || !copy || (PUCHAR)copy + size > (PUCHAR)out + out->AclSize)
        return 0;
    if (sid) {
        copy->Header = *ace;
        copy->Mask = standard->Mask;
        RtlCopySid(RtlLengthSid(sid), &copy->SidStart, sid);
        if (effective && mapping)
            RtlMapGenericMask(&copy->Mask, mapping);
    } else {
        memcpy(copy, ace, size);
    }
    copy->Header.AceFlags = flags;
    copy->Header.AceSize = (USHORT)size;
    out->AceCount++;
    return size;
}

/* Whether an inheritable ACE must split in two for a container: effective, it differs from what it passes on. */
static BOOLEAN RtlpNeedsSplit(const ACE_HEADER *ace, const GENERIC_MAPPING *mapping)
{
    const ACCESS_ALLOWED_ACE *standard = (const ACCESS_ALLOWED_ACE *)ace;
    ACCESS_MASK mask;

    if (!RtlpHasMaskAndSid(ace))
        return FALSE;
    mask = standard->Mask;
    if (mapping)
        RtlMapGenericMask(&mask, mapping);
    return mask != standard->Mask || RtlEqualSid((PSID)&standard->SidStart, &RtlpCreatorOwner) ||
           RtlEqualSid((PSID)&standard->SidStart, &RtlpCreatorGroup);
}

/* The ACEs a child inherits from parent's ACL (with out NULL: their total size). */
static ULONG RtlpInheritAces(ACL *out, const ACL *parent, BOOLEAN container, BOOLEAN mark, PSID owner, PSID group,
                             const GENERIC_MAPPING *mapping)
{
    ULONG total = 0;
    UCHAR inherited = mark ? INHERITED_ACE : 0;

    for (ULONG i = 0; parent && i < parent->AceCount; i++) {
        ACE_HEADER *ace;
        UCHAR flags;
        if (RtlGetAce((PACL)parent, i, (PVOID *)&ace))
            break;
        flags = ace->AceFlags;
        if (!container) {
            if (flags & OBJECT_INHERIT_ACE)
                total += RtlpEmitAce(out, ace, inherited | (flags & ~VALID_INHERIT_FLAGS), owner, group, mapping);
        } else if (flags & CONTAINER_INHERIT_ACE) {
            UCHAR keep = flags & ~(INHERIT_ONLY_ACE | INHERITED_ACE);
            if (flags & NO_PROPAGATE_INHERIT_ACE) {
                total += RtlpEmitAce(out, ace, inherited | (flags & ~VALID_INHERIT_FLAGS), owner, group, mapping);
            } else if (RtlpNeedsSplit(ace, mapping)) {
                total += RtlpEmitAce(out, ace, inherited | (flags & ~VALID_INHERIT_FLAGS), owner, group, mapping);
                total += RtlpEmitAce(out, ace, inherited | keep | INHERIT_ONLY_ACE, owner, group, mapping);
            } else {
                total += RtlpEmitAce(out, ace, inherited | keep, owner, group, mapping);
            }
        } else if ((flags & OBJECT_INHERIT_ACE) && !(flags & NO_PROPAGATE_INHERIT_ACE)) {
            UCHAR keep = flags & ~INHERITED_ACE;
            total += RtlpEmitAce(out, ace, inherited | keep | INHERIT_ONLY_ACE, owner, group, mapping);
        }
    }
    return total;
}

/* Whether an ACE of acl is one the parent would pass on (an old descriptor's inherited ACE, unmarked). */
static BOOLEAN RtlpIsInheritedCopy(const ACE_HEADER *ace, const ACL *inherited)
{
    for (ULONG i = 0; inherited && i < inherited->AceCount; i++) {
        ACE_HEADER *other;
        if (!RtlGetAce((PACL)inherited, i, (PVOID *)&other) && other->AceType == ace->AceType &&
            other->AceSize == ace->AceSize &&
            !memcmp((PUCHAR)other + sizeof(ACE_HEADER), (PUCHAR)ace + sizeof(ACE_HEADER),
                    ace->AceSize - sizeof(ACE_HEADER)))
            return TRUE;
    }
    return FALSE;
}

/* An ACL of explicit ACEs (minus those matching skip, flags kept) followed by the ones parent passes on. */
static NTSTATUS RtlpBuildAcl(PACL *result, const ACL *explicit, const ACL *skip, const ACL *parent,
                             BOOLEAN container, BOOLEAN mark, PSID owner, PSID group, const GENERIC_MAPPING *mapping)
{
    ULONG size = sizeof(ACL);
    ACL *acl = NULL;

    for (int pass = 0; pass < 2; pass++) {
        for (ULONG i = 0; explicit && i < explicit->AceCount; i++) {
            ACE_HEADER *ace;
            if (RtlGetAce((PACL)explicit, i, (PVOID *)&ace))
                break;
            if (skip && (ace->AceFlags & INHERITED_ACE || RtlpIsInheritedCopy(ace, skip)))
                continue;
            size += RtlpEmitAce(acl, ace, ace->AceFlags, owner, group, mapping);
        }
        size += RtlpInheritAces(acl, parent, container, mark, owner, group, mapping);
        if (pass)
            break;
        size = (size + 3) & ~3u;
        if (!(acl = RtlAllocateHeap(RtlpHeap(), 0, size)))
            return STATUS_NO_MEMORY;
        RtlCreateAcl(acl, size, ACL_REVISION);
    }
    *result = acl;
    return STATUS_SUCCESS;
}

typedef struct {
    BOOLEAN Container, Auto, Convert;
    PSID Owner, Group;
    const GENERIC_MAPPING *Mapping;
} RTLP_INHERITANCE;

/* A new DACL or SACL: the creator's own, unless it only defaulted and the parent has something to pass on;
 * with automatic inheritance the creator's explicit ACEs first, the inherited ones after. *present stays
 * FALSE when neither has one (for a DACL, the token's default then applies). */
static NTSTATUS RtlpChooseAcl(const RTLP_INHERITANCE *how, PACL given, BOOLEAN is_given, BOOLEAN defaulted,
                              BOOLEAN protect, const ACL *parent, PACL *result, BOOLEAN *present)
{
    BOOLEAN inheritable =
        RtlpInheritAces(NULL, parent, how->Container, FALSE, how->Owner, how->Group, how->Mapping) != 0;
    BOOLEAN inherit = how->Auto && !protect;
    PACL skip = NULL;
    NTSTATUS status;

    *result = NULL;
    *present = FALSE;
    if (is_given && (how->Convert || !defaulted || !inheritable)) {
        *present = TRUE;
        if (!given)
            return STATUS_SUCCESS; /* a NULL ACL stays one */
        if (how->Convert && inherit && (status = RtlpBuildAcl(&skip, NULL, NULL, parent, how->Container, FALSE,
                                                              how->Owner, how->Group, how->Mapping)))
            return status;
        status = RtlpBuildAcl(result, given, skip, inherit ? parent : NULL, how->Container, TRUE, how->Owner,
                              how->Group, how->Mapping);
        if (skip)
            RtlFreeHeap(RtlpHeap(), 0, skip);
        return status;
    }
    if (!inheritable)
        return STATUS_SUCCESS;
    *present = TRUE;
    return RtlpBuildAcl(result, NULL, NULL, parent, how->Container, how->Auto, how->Owner, how->Group,
                        how->Mapping);
}

/* One piece of the token's information, allocated; the token is the thread's or else the process's. */
static NTSTATUS RtlpQueryToken(HANDLE token, ULONG class, PVOID *info)
{
    ULONG length = 0;
    HANDLE own = NULL;
    NTSTATUS status;

    if (!token) {
        status = NtOpenThreadToken(NtCurrentThread(), TOKEN_QUERY, TRUE, &own);
        if (status == STATUS_NO_TOKEN)
            status = NtOpenProcessToken(NtCurrentProcess(), TOKEN_QUERY, &own);
        if (status)
            return status;
        token = own;
    }
    status = NtQueryInformationToken(token, class, NULL, 0, &length);
    if (status == STATUS_BUFFER_TOO_SMALL) {
        if (!(*info = RtlAllocateHeap(RtlpHeap(), 0, length)))
            status = STATUS_NO_MEMORY;
        else if ((status = NtQueryInformationToken(token, class, *info, length, &length)))
            RtlFreeHeap(RtlpHeap(), 0, *info);
    }
    if (own)
        NtClose(own);
    return status;
}

static void RtlpDescriptorParts(PSECURITY_DESCRIPTOR sd, PSID *owner, PSID *group, PACL *dacl, BOOLEAN *dacl_given,
                                PACL *sacl, BOOLEAN *sacl_given, SECURITY_DESCRIPTOR_CONTROL *control)
{
    BOOLEAN present = FALSE, defaulted = FALSE;
    ULONG revision;

    *owner = *group = NULL;
    *dacl = *sacl = NULL;
    *dacl_given = *sacl_given = FALSE;
    *control = 0;
    if (!sd)
        return;
    RtlGetControlSecurityDescriptor(sd, control, &revision);
    RtlGetOwnerSecurityDescriptor(sd, owner, &defaulted);
    RtlGetGroupSecurityDescriptor(sd, group, &defaulted);
    if (!RtlGetDaclSecurityDescriptor(sd, &present, dacl, &defaulted) && present)
        *dacl_given = TRUE;
    if (!RtlGetSaclSecurityDescriptor(sd, &present, sacl, &defaulted) && present)
        *sacl_given = TRUE;
}

static NTSTATUS RtlpNewSecurityObject(PSECURITY_DESCRIPTOR Parent, PSECURITY_DESCRIPTOR Creator,
                                      PSECURITY_DESCRIPTOR *New, BOOLEAN IsContainer, ULONG Flags, HANDLE Token,
                                      PGENERIC_MAPPING Mapping, BOOLEAN convert)
{
    PSID owner, group, parent_owner, parent_group;
    PACL dacl, sacl, parent_dacl, parent_sacl, new_dacl = NULL, new_sacl = NULL;
    BOOLEAN dacl_given, sacl_given, parent_dacl_given, parent_sacl_given;
    SECURITY_DESCRIPTOR_CONTROL control, parent_control;
    PVOID token_owner = NULL, token_group = NULL, token_dacl = NULL;
    BOOLEAN dacl_auto = (Flags & SEF_DACL_AUTO_INHERIT) != 0, sacl_auto = (Flags & SEF_SACL_AUTO_INHERIT) != 0;
    SECURITY_DESCRIPTOR sd;
    ULONG length = 0;
    NTSTATUS status = STATUS_SUCCESS;

    RtlpDescriptorParts(Creator, &owner, &group, &dacl, &dacl_given, &sacl, &sacl_given, &control);
    RtlpDescriptorParts(Parent, &parent_owner, &parent_group, &parent_dacl, &parent_dacl_given, &parent_sacl,
                        &parent_sacl_given, &parent_control);
    if (!owner && (Flags & SEF_DEFAULT_OWNER_FROM_PARENT))
        owner = parent_owner;
    if (!group && (Flags & SEF_DEFAULT_GROUP_FROM_PARENT))
        group = parent_group;
    if (!owner && !(status = RtlpQueryToken(Token, TOKEN_OWNER_CLASS, &token_owner)))
        owner = *(PSID *)token_owner;
    if (!status && !group && !(status = RtlpQueryToken(Token, TOKEN_PRIMARY_GROUP_CLASS, &token_group)))
        group = *(PSID *)token_group;
    if (status)
        goto done;

    RtlCreateSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
    RtlSetOwnerSecurityDescriptor(&sd, owner, FALSE);
    RtlSetGroupSecurityDescriptor(&sd, group, FALSE);

    {
        RTLP_INHERITANCE how = {IsContainer, dacl_auto, convert, owner, group, Mapping};
        BOOLEAN present;
        if ((status = RtlpChooseAcl(&how, dacl, dacl_given, (control & SE_DACL_DEFAULTED) != 0,
                                    (control & SE_DACL_PROTECTED) != 0, parent_dacl, &new_dacl, &present)))
            goto done;
        if (!present && !(status = RtlpQueryToken(Token, TOKEN_DEFAULT_DACL_CLASS, &token_dacl)) &&
            *(PACL *)token_dacl)
            status = RtlpBuildAcl(&new_dacl, *(PACL *)token_dacl, NULL, NULL, IsContainer, FALSE, owner, group,
                                  Mapping);
        if (status)
            goto done;
        RtlSetDaclSecurityDescriptor(&sd, present || new_dacl, new_dacl, FALSE);
        how.Auto = sacl_auto;
        if ((status = RtlpChooseAcl(&how, sacl, sacl_given, (control & SE_SACL_DEFAULTED) != 0,
                                    (control & SE_SACL_PROTECTED) != 0, parent_sacl, &new_sacl, &present)))
            goto done;
        RtlSetSaclSecurityDescriptor(&sd, present, new_sacl, FALSE);
    }
    if (dacl_auto)
        sd.Control |= SE_DACL_AUTO_INHERITED | (control & SE_DACL_PROTECTED);
    if (sacl_auto)
        sd.Control |= SE_SACL_AUTO_INHERITED | (control & SE_SACL_PROTECTED);

    RtlMakeSelfRelativeSD(&sd, NULL, &length);
    if (!(*New = RtlAllocateHeap(RtlpHeap(), 0, length)))
        status = STATUS_NO_MEMORY;
    else if ((status = RtlMakeSelfRelativeSD(&sd, *New, &length)))
        RtlFreeHeap(RtlpHeap(), 0, *New);
done:
    if (new_dacl)
        RtlFreeHeap(RtlpHeap(), 0, new_dacl);
    if (new_sacl)
        RtlFreeHeap(RtlpHeap(), 0, new_sacl);
    if (token_owner)
        RtlFreeHeap(RtlpHeap(), 0, token_owner);
    if (token_group)
        RtlFreeHeap(RtlpHeap(), 0, token_group);
    if (token_dacl)
        RtlFreeHeap(RtlpHeap(), 0, token_dacl);
    return status;
}

NTSTATUS NTAPI RtlNewSecurityObject(PSECURITY_DESCRIPTOR ParentDescriptor, PSECURITY_DESCRIPTOR CreatorDescriptor,
                                    PSECURITY_DESCRIPTOR *NewDescriptor, BOOLEAN IsDirectoryObject, HANDLE Token,
                                    PGENERIC_MAPPING GenericMapping)
{
    return RtlpNewSecurityObject(ParentDescriptor, CreatorDescriptor, NewDescriptor, IsDirectoryObject, 0, Token,
                                 GenericMapping, FALSE);
}

/* Object types (of directory-service objects) choose which object ACEs apply; ACEs are inherited here as
 * for an object of no particular type. */
NTSTATUS NTAPI RtlNewSecurityObjectEx(PSECURITY_DESCRIPTOR ParentDescriptor, PSECURITY_DESCRIPTOR CreatorDescriptor,
                                      PSECURITY_DESCRIPTOR *NewDescriptor, GUID *ObjectType, BOOLEAN IsContainerObject,
                                      ULONG AutoInheritFlags, HANDLE Token, PGENERIC_MAPPING GenericMapping)
{
    (void)ObjectType;
    return RtlpNewSecurityObject(ParentDescriptor, CreatorDescriptor, NewDescriptor, IsContainerObject,
                                 AutoInheritFlags, Token, GenericMapping, FALSE);
}

NTSTATUS NTAPI RtlNewSecurityObjectWithMultipleInheritance(PSECURITY_DESCRIPTOR ParentDescriptor,
                                                           PSECURITY_DESCRIPTOR CreatorDescriptor,
                                                           PSECURITY_DESCRIPTOR *NewDescriptor, GUID **ObjectTypes,
                                                           ULONG GuidCount, BOOLEAN IsContainerObject,
                                                           ULONG AutoInheritFlags, HANDLE Token,
                                                           PGENERIC_MAPPING GenericMapping)
{
    (void)ObjectTypes, (void)GuidCount;
    return RtlpNewSecurityObject(ParentDescriptor, CreatorDescriptor, NewDescriptor, IsContainerObject,
                                 AutoInheritFlags, Token, GenericMapping, FALSE);
}

/* An old descriptor made one of automatic inheritance: ACEs the parent would have passed on are recognised
 * as inherited and marked so; the rest stay explicit, first. */
NTSTATUS NTAPI RtlConvertToAutoInheritSecurityObject(PSECURITY_DESCRIPTOR ParentDescriptor,
                                                     PSECURITY_DESCRIPTOR CurrentSecurityDescriptor,
                                                     PSECURITY_DESCRIPTOR *NewSecurityDescriptor, GUID *ObjectType,
                                                     BOOLEAN IsDirectoryObject, PGENERIC_MAPPING GenericMapping)
{
    (void)ObjectType;
    if (!CurrentSecurityDescriptor)
        return STATUS_INVALID_PARAMETER;
    return RtlpNewSecurityObject(ParentDescriptor, CurrentSecurityDescriptor, NewSecurityDescriptor,
                                 IsDirectoryObject, SEF_DACL_AUTO_INHERIT | SEF_SACL_AUTO_INHERIT, NULL,
                                 GenericMapping, TRUE);
}

NTSTATUS NTAPI RtlDeleteSecurityObject(PSECURITY_DESCRIPTOR *ObjectDescriptor)
{
    RtlFreeHeap(RtlpHeap(), 0, *ObjectDescriptor);
    return STATUS_SUCCESS;
}
