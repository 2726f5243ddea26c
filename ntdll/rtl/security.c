/* Security data structures: SIDs, ACLs and their ACEs, security descriptors in both forms, access masks. */
#include "rtl/rtlp.h"
#include "rtl/security.h"

/* ---- SIDs ---- */

ULONG NTAPI RtlLengthRequiredSid(ULONG SubAuthorityCount)
{
    return 8 + SubAuthorityCount * sizeof(ULONG);
}

ULONG NTAPI RtlLengthSid(PSID Sid)
{
    return RtlpSidLength(Sid);
}

BOOLEAN NTAPI RtlValidSid(PSID Sid)
{
    return RtlpValidSid(Sid);
}

BOOLEAN NTAPI RtlEqualSid(PSID Sid1, PSID Sid2)
{
    return RtlValidSid(Sid1) && RtlValidSid(Sid2) && RtlLengthSid(Sid1) == RtlLengthSid(Sid2) &&
           !memcmp(Sid1, Sid2, RtlLengthSid(Sid1));
}

/* Equal but for their last sub-authority (a domain and its members). */
BOOLEAN NTAPI RtlEqualPrefixSid(PSID Sid1, PSID Sid2)
{
    const SID *a = Sid1, *b = Sid2;
    return RtlValidSid(Sid1) && RtlValidSid(Sid2) && a->SubAuthorityCount == b->SubAuthorityCount &&
           !memcmp(Sid1, Sid2, RtlLengthRequiredSid(a->SubAuthorityCount ? a->SubAuthorityCount - 1u : 0u));
}

NTSTATUS NTAPI RtlInitializeSid(PSID Sid, PSID_IDENTIFIER_AUTHORITY IdentifierAuthority, UCHAR SubAuthorityCount)
{
    SID *sid = Sid;

    if (SubAuthorityCount > SID_MAX_SUB_AUTHORITIES)
        return STATUS_INVALID_PARAMETER;
    sid->Revision = SID_REVISION;
    sid->SubAuthorityCount = SubAuthorityCount;
    sid->IdentifierAuthority = *IdentifierAuthority;
    return STATUS_SUCCESS;
}

PULONG NTAPI RtlSubAuthoritySid(PSID Sid, ULONG SubAuthority)
{
    return &((SID *)Sid)->SubAuthority[SubAuthority];
}

PUCHAR NTAPI RtlSubAuthorityCountSid(PSID Sid)
{
    return &((SID *)Sid)->SubAuthorityCount;
}

PSID_IDENTIFIER_AUTHORITY NTAPI RtlIdentifierAuthoritySid(PSID Sid)
{
    return &((SID *)Sid)->IdentifierAuthority;
}

NTSTATUS NTAPI RtlCopySid(ULONG DestinationSidLength, PSID DestinationSid, PSID SourceSid)
{
    ULONG length = RtlLengthSid(SourceSid);

    if (DestinationSidLength < length)
        return STATUS_BUFFER_TOO_SMALL;
    memmove(DestinationSid, SourceSid, length);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlAllocateAndInitializeSid(PSID_IDENTIFIER_AUTHORITY IdentifierAuthority, UCHAR SubAuthorityCount,
                                           ULONG SubAuthority0, ULONG SubAuthority1, ULONG SubAuthority2,
                                           ULONG SubAuthority3, ULONG SubAuthority4, ULONG SubAuthority5,
                                           ULONG SubAuthority6, ULONG SubAuthority7, PSID *Sid)
{
    const ULONG values[8] = {SubAuthority0, SubAuthority1, SubAuthority2, SubAuthority3,
                             SubAuthority4, SubAuthority5, SubAuthority6, SubAuthority7};
    SID *sid;

    if (SubAuthorityCount > 8)
        return STATUS_INVALID_SID;
    if (!(sid = RtlAllocateHeap(RtlpHeap(), 0, RtlLengthRequiredSid(SubAuthorityCount))))
        return STATUS_NO_MEMORY;
    RtlInitializeSid(sid, IdentifierAuthority, SubAuthorityCount);
    memcpy(sid->SubAuthority, values, SubAuthorityCount * sizeof(ULONG));
    *Sid = sid;
    return STATUS_SUCCESS;
}

PVOID NTAPI RtlFreeSid(PSID Sid)
{
    RtlFreeHeap(RtlpHeap(), 0, Sid);
    return NULL;
}

/* "S-1-5-21-...": the authority in decimal when it fits 32 bits, else as 0x and twelve hex digits. */
NTSTATUS NTAPI RtlConvertSidToUnicodeString(PUNICODE_STRING UnicodeString, PSID Sid, BOOLEAN AllocateDestinationString)
{
    const SID *sid = Sid;
    const UCHAR *a = sid->IdentifierAuthority.Value;
    WCHAR text[256];
    int n;

    if (!RtlValidSid(Sid))
        return STATUS_INVALID_SID;
    if (a[0] || a[1])
        n = _snwprintf(text, 256, L"S-%u-0x%02x%02x%02x%02x%02x%02x", sid->Revision, a[0], a[1], a[2], a[3], a[4],
                       a[5]);
    else
        n = _snwprintf(text, 256, L"S-%u-%u", sid->Revision, (ULONG)a[2] << 24 | a[3] << 16 | a[4] << 8 | a[5]);
    for (UCHAR i = 0; i < sid->SubAuthorityCount; i++)
        n += _snwprintf(text + n, 256 - (SIZE_T)n, L"-%u", sid->SubAuthority[i]);
    if (AllocateDestinationString) {
        if (!(UnicodeString->Buffer = RtlAllocateHeap(RtlpHeap(), 0, (SIZE_T)(n + 1) * sizeof(WCHAR))))
            return STATUS_NO_MEMORY;
        UnicodeString->MaximumLength = (USHORT)((n + 1) * sizeof(WCHAR));
    } else if ((ULONG)n * sizeof(WCHAR) >= UnicodeString->MaximumLength) {
        return STATUS_BUFFER_OVERFLOW;
    }
    memcpy(UnicodeString->Buffer, text, (SIZE_T)(n + 1) * sizeof(WCHAR));
    UnicodeString->Length = (USHORT)(n * sizeof(WCHAR));
    return STATUS_SUCCESS;
}

/* ---- ACLs ---- */

NTSTATUS NTAPI RtlCreateAcl(PACL Acl, ULONG AclLength, ULONG AclRevision)
{
    if (AclRevision < ACL_REVISION || AclRevision > ACL_REVISION_DS)
        return STATUS_INVALID_PARAMETER;
    if (AclLength < sizeof(ACL))
        return STATUS_BUFFER_TOO_SMALL;
    if (AclLength > 0xffff)
        return STATUS_INVALID_PARAMETER;
    memset(Acl, 0, sizeof(ACL));
    Acl->AclRevision = (UCHAR)AclRevision;
    Acl->AclSize = (USHORT)AclLength;
    return STATUS_SUCCESS;
}

BOOLEAN NTAPI RtlValidAcl(PACL Acl)
{
    return RtlpValidAcl(Acl);
}

/* Windows' walk: FALSE when an ACE the ACL counts would start at or past its end; else the byte after the
 * last ACE, or NULL when that lies past the end. It checks no more, RtlValidAcl does. */
BOOLEAN NTAPI RtlFirstFreeAce(PACL Acl, PVOID *FirstFree)
{
    const char *end = (const char *)Acl + Acl->AclSize, *p = (const char *)(Acl + 1);

    *FirstFree = NULL;
    for (USHORT i = 0; i < Acl->AceCount; i++) {
        if (p >= end)
            return FALSE;
        p += ((const ACE_HEADER *)p)->AceSize;
    }
    if (p <= end)
        *FirstFree = (PVOID)p;
    return TRUE;
}

NTSTATUS NTAPI RtlGetAce(PACL Acl, ULONG AceIndex, PVOID *Ace)
{
    char *p = (char *)(Acl + 1);

    if (!RtlValidAcl(Acl) || AceIndex >= Acl->AceCount)
        return STATUS_INVALID_PARAMETER;
    while (AceIndex--)
        p += ((ACE_HEADER *)p)->AceSize;
    *Ace = p;
    return STATUS_SUCCESS;
}

/* Insert ACEs (one list of them, length bytes) before the one at index; an index past the end appends. */
NTSTATUS NTAPI RtlAddAce(PACL Acl, ULONG AceRevision, ULONG StartingAceIndex, PVOID AceList, ULONG AceListLength)
{
    char *list = AceList, *at = (char *)(Acl + 1), *end;
    USHORT count = 0;

    if (!RtlValidAcl(Acl) || AceRevision < ACL_REVISION || AceRevision > ACL_REVISION_DS)
        return STATUS_INVALID_PARAMETER;
    for (ULONG offset = 0; offset < AceListLength; count++) {
        USHORT size = ((ACE_HEADER *)(list + offset))->AceSize;
        if (size < sizeof(ACE_HEADER) || offset + size > AceListLength)
            return STATUS_INVALID_PARAMETER;
        offset += size;
    }
    end = (char *)RtlpAclEnd(Acl);
    if (end + AceListLength > (char *)Acl + Acl->AclSize)
        return STATUS_BUFFER_TOO_SMALL;
    for (ULONG i = 0; i < StartingAceIndex && i < Acl->AceCount; i++)
        at += ((ACE_HEADER *)at)->AceSize;
    memmove(at + AceListLength, at, (SIZE_T)(end - at));
    memcpy(at, list, AceListLength);
    Acl->AceCount = (USHORT)(Acl->AceCount + count);
    if (AceRevision > Acl->AclRevision)
        Acl->AclRevision = (UCHAR)AceRevision;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlDeleteAce(PACL Acl, ULONG AceIndex)
{
    char *ace, *end;
    USHORT size;
    NTSTATUS status = RtlGetAce(Acl, AceIndex, (PVOID *)&ace);

    if (status)
        return status;
    end = (char *)RtlpAclEnd(Acl);
    size = ((ACE_HEADER *)ace)->AceSize;
    memmove(ace, ace + size, (SIZE_T)(end - ace - size));
    memset(end - size, 0, size);
    Acl->AceCount--;
    return STATUS_SUCCESS;
}

/* Append an ACE: header, mask, for object ACEs their flags and GUIDs, then the SID. */
static NTSTATUS RtlpAddAce(PACL acl, ULONG revision, UCHAR type, ULONG flags, ACCESS_MASK mask, const GUID *object,
                           const GUID *inherited, PSID sid)
{
    BOOLEAN object_ace = type == ACCESS_ALLOWED_OBJECT_ACE_TYPE || type == ACCESS_DENIED_OBJECT_ACE_TYPE ||
                         type == SYSTEM_AUDIT_OBJECT_ACE_TYPE;
    ULONG size = sizeof(ACE_HEADER) + sizeof(ACCESS_MASK) + RtlLengthSid(sid), object_flags = 0;
    ACE_HEADER *ace;
    char *p;

    if (!RtlValidSid(sid))
        return STATUS_INVALID_SID;
    if (revision < ACL_REVISION || revision > ACL_REVISION_DS || (object_ace && revision < ACL_REVISION_DS))
        return STATUS_REVISION_MISMATCH;
    if (flags & ~(ULONG)(VALID_INHERIT_FLAGS | SUCCESSFUL_ACCESS_ACE_FLAG | FAILED_ACCESS_ACE_FLAG))
        return STATUS_INVALID_PARAMETER;
    if (object_ace) {
        object_flags = (object ? ACE_OBJECT_TYPE_PRESENT : 0) | (inherited ? ACE_INHERITED_OBJECT_TYPE_PRESENT : 0);
        size += sizeof(ULONG) + (object ? sizeof(GUID) : 0) + (inherited ? sizeof(GUID) : 0);
    }
    if (!RtlValidAcl(acl) || !RtlFirstFreeAce(acl, (PVOID *)&ace))
        return STATUS_INVALID_ACL;
    if (!ace || (char *)ace + size > (char *)acl + acl->AclSize)
        return STATUS_ALLOTTED_SPACE_EXCEEDED;
    ace->AceType = type;
    ace->AceFlags = (UCHAR)flags;
    ace->AceSize = (USHORT)size;
    p = (char *)(ace + 1);
    memcpy(p, &mask, sizeof(mask));
    p += sizeof(mask);
    if (object_ace) {
        memcpy(p, &object_flags, sizeof(object_flags));
        p += sizeof(object_flags);
        if (object) {
            memcpy(p, object, sizeof(GUID));
            p += sizeof(GUID);
        }
        if (inherited) {
            memcpy(p, inherited, sizeof(GUID));
            p += sizeof(GUID);
        }
    }
    memcpy(p, sid, RtlLengthSid(sid));
    acl->AceCount++;
    if (revision > acl->AclRevision)
        acl->AclRevision = (UCHAR)revision;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlAddAccessAllowedAce(PACL Acl, ULONG AceRevision, ACCESS_MASK AccessMask, PSID Sid)
{
    return RtlpAddAce(Acl, AceRevision, ACCESS_ALLOWED_ACE_TYPE, 0, AccessMask, NULL, NULL, Sid);
}

NTSTATUS NTAPI RtlAddAccessAllowedAceEx(PACL Acl, ULONG AceRevision, ULONG AceFlags, ACCESS_MASK AccessMask, PSID Sid)
{
    return RtlpAddAce(Acl, AceRevision, ACCESS_ALLOWED_ACE_TYPE, AceFlags, AccessMask, NULL, NULL, Sid);
}

NTSTATUS NTAPI RtlAddAccessDeniedAce(PACL Acl, ULONG AceRevision, ACCESS_MASK AccessMask, PSID Sid)
{
    return RtlpAddAce(Acl, AceRevision, ACCESS_DENIED_ACE_TYPE, 0, AccessMask, NULL, NULL, Sid);
}

NTSTATUS NTAPI RtlAddAccessDeniedAceEx(PACL Acl, ULONG AceRevision, ULONG AceFlags, ACCESS_MASK AccessMask, PSID Sid)
{
    return RtlpAddAce(Acl, AceRevision, ACCESS_DENIED_ACE_TYPE, AceFlags, AccessMask, NULL, NULL, Sid);
}

static ULONG RtlpAuditFlags(ULONG flags, BOOLEAN success, BOOLEAN failure)
{
    return flags | (success ? SUCCESSFUL_ACCESS_ACE_FLAG : 0) | (failure ? FAILED_ACCESS_ACE_FLAG : 0);
}

NTSTATUS NTAPI RtlAddAuditAccessAce(PACL Acl, ULONG AceRevision, ACCESS_MASK AccessMask, PSID Sid,
                                    BOOLEAN AuditSuccess, BOOLEAN AuditFailure)
{
    return RtlpAddAce(Acl, AceRevision, SYSTEM_AUDIT_ACE_TYPE, RtlpAuditFlags(0, AuditSuccess, AuditFailure),
                      AccessMask, NULL, NULL, Sid);
}

NTSTATUS NTAPI RtlAddAuditAccessAceEx(PACL Acl, ULONG AceRevision, ULONG AceFlags, ACCESS_MASK AccessMask, PSID Sid,
                                      BOOLEAN AuditSuccess, BOOLEAN AuditFailure)
{
    return RtlpAddAce(Acl, AceRevision, SYSTEM_AUDIT_ACE_TYPE, RtlpAuditFlags(AceFlags, AuditSuccess, AuditFailure),
                      AccessMask, NULL, NULL, Sid);
}

NTSTATUS NTAPI RtlAddAccessAllowedObjectAce(PACL Acl, ULONG AceRevision, ULONG AceFlags, ACCESS_MASK AccessMask,
                                            GUID *ObjectTypeGuid, GUID *InheritedObjectTypeGuid, PSID Sid)
{
    return RtlpAddAce(Acl, AceRevision, ACCESS_ALLOWED_OBJECT_ACE_TYPE, AceFlags, AccessMask, ObjectTypeGuid,
                      InheritedObjectTypeGuid, Sid);
}

NTSTATUS NTAPI RtlAddAccessDeniedObjectAce(PACL Acl, ULONG AceRevision, ULONG AceFlags, ACCESS_MASK AccessMask,
                                           GUID *ObjectTypeGuid, GUID *InheritedObjectTypeGuid, PSID Sid)
{
    return RtlpAddAce(Acl, AceRevision, ACCESS_DENIED_OBJECT_ACE_TYPE, AceFlags, AccessMask, ObjectTypeGuid,
                      InheritedObjectTypeGuid, Sid);
}

NTSTATUS NTAPI RtlAddAuditAccessObjectAce(PACL Acl, ULONG AceRevision, ULONG AceFlags, ACCESS_MASK AccessMask,
                                          GUID *ObjectTypeGuid, GUID *InheritedObjectTypeGuid, PSID Sid,
                                          BOOLEAN AuditSuccess, BOOLEAN AuditFailure)
{
    return RtlpAddAce(Acl, AceRevision, SYSTEM_AUDIT_OBJECT_ACE_TYPE,
                      RtlpAuditFlags(AceFlags, AuditSuccess, AuditFailure), AccessMask, ObjectTypeGuid,
                      InheritedObjectTypeGuid, Sid);
}

/* An integrity label: the mask is the label's policy. */
NTSTATUS NTAPI RtlAddMandatoryAce(PACL Acl, ULONG AceRevision, ULONG AceFlags, ULONG MandatoryPolicy, UCHAR AceType,
                                  PSID LabelSid)
{
    if (AceType != SYSTEM_MANDATORY_LABEL_ACE_TYPE || MandatoryPolicy & ~7u)
        return STATUS_INVALID_PARAMETER;
    return RtlpAddAce(Acl, AceRevision, AceType, AceFlags, MandatoryPolicy, NULL, NULL, LabelSid);
}

NTSTATUS NTAPI RtlQueryInformationAcl(PACL Acl, PVOID Information, ULONG InformationLength,
                                      ACL_INFORMATION_CLASS InformationClass)
{
    const ACE_HEADER *end;

    if (InformationClass == AclRevisionInformation) {
        if (InformationLength < sizeof(ACL_REVISION_INFORMATION))
            return STATUS_BUFFER_TOO_SMALL;
        ((ACL_REVISION_INFORMATION *)Information)->AclRevision = Acl->AclRevision;
        return STATUS_SUCCESS;
    }
    if (InformationClass != AclSizeInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (InformationLength < sizeof(ACL_SIZE_INFORMATION))
        return STATUS_BUFFER_TOO_SMALL;
    if (!(end = RtlpAclEnd(Acl)))
        return STATUS_INVALID_ACL;
    ((ACL_SIZE_INFORMATION *)Information)->AceCount = Acl->AceCount;
    ((ACL_SIZE_INFORMATION *)Information)->AclBytesInUse = (ULONG)((char *)end - (char *)Acl);
    ((ACL_SIZE_INFORMATION *)Information)->AclBytesFree = Acl->AclSize - (ULONG)((char *)end - (char *)Acl);
    return STATUS_SUCCESS;
}

/* ---- Security descriptors ---- */

NTSTATUS NTAPI RtlCreateSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, ULONG Revision)
{
    if (Revision != SECURITY_DESCRIPTOR_REVISION)
        return STATUS_UNKNOWN_REVISION;
    memset(SecurityDescriptor, 0, sizeof(SECURITY_DESCRIPTOR));
    ((SECURITY_DESCRIPTOR *)SecurityDescriptor)->Revision = SECURITY_DESCRIPTOR_REVISION;
    return STATUS_SUCCESS;
}

/* A part of either form: the pointer, or the offset in a self-relative one. */
static PVOID RtlpSdPart(const SECURITY_DESCRIPTOR *sd, int which)
{
    if (sd->Control & SE_SELF_RELATIVE) {
        const SECURITY_DESCRIPTOR_RELATIVE *rel = (const SECURITY_DESCRIPTOR_RELATIVE *)sd;
        ULONG offsets[4] = {rel->Owner, rel->Group, rel->Sacl, rel->Dacl};
        return offsets[which] ? (char *)sd + offsets[which] : NULL;
    }
    return which == 0 ? sd->Owner : which == 1 ? sd->Group : which == 2 ? (PVOID)sd->Sacl : (PVOID)sd->Dacl;
}
enum { RTLP_OWNER, RTLP_GROUP, RTLP_SACL, RTLP_DACL };

static ULONG RtlpPartLengths(const SECURITY_DESCRIPTOR *sd)
{
    PSID owner = RtlpSdPart(sd, RTLP_OWNER), group = RtlpSdPart(sd, RTLP_GROUP);
    PACL sacl = RtlpSdPart(sd, RTLP_SACL), dacl = RtlpSdPart(sd, RTLP_DACL);

    return (owner ? RtlLengthSid(owner) : 0) + (group ? RtlLengthSid(group) : 0) +
           (sacl && sd->Control & SE_SACL_PRESENT ? sacl->AclSize : 0) +
           (dacl && sd->Control & SE_DACL_PRESENT ? dacl->AclSize : 0);
}

ULONG NTAPI RtlLengthSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor)
{
    const SECURITY_DESCRIPTOR *sd = SecurityDescriptor;
    return (sd->Control & SE_SELF_RELATIVE ? sizeof(SECURITY_DESCRIPTOR_RELATIVE) : sizeof(SECURITY_DESCRIPTOR)) +
           RtlpPartLengths(sd);
}

BOOLEAN NTAPI RtlValidSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor)
{
    const SECURITY_DESCRIPTOR *sd = SecurityDescriptor;
    PSID owner, group;
    PACL sacl, dacl;

    if (!sd || sd->Revision != SECURITY_DESCRIPTOR_REVISION)
        return FALSE;
    owner = RtlpSdPart(sd, RTLP_OWNER);
    group = RtlpSdPart(sd, RTLP_GROUP);
    sacl = RtlpSdPart(sd, RTLP_SACL);
    dacl = RtlpSdPart(sd, RTLP_DACL);
    return (!owner || RtlValidSid(owner)) && (!group || RtlValidSid(group)) &&
           (!(sd->Control & SE_SACL_PRESENT) || !sacl || RtlValidAcl(sacl)) &&
           (!(sd->Control & SE_DACL_PRESENT) || !dacl || RtlValidAcl(dacl));
}

NTSTATUS NTAPI RtlGetControlSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor,
                                               PSECURITY_DESCRIPTOR_CONTROL Control, PULONG Revision)
{
    const SECURITY_DESCRIPTOR *sd = SecurityDescriptor;

    *Revision = sd->Revision;
    *Control = sd->Control;
    return sd->Revision == SECURITY_DESCRIPTOR_REVISION ? STATUS_SUCCESS : STATUS_UNKNOWN_REVISION;
}

NTSTATUS NTAPI RtlSetControlSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor,
                                               SECURITY_DESCRIPTOR_CONTROL ControlBitsOfInterest,
                                               SECURITY_DESCRIPTOR_CONTROL ControlBitsToSet)
{
    const SECURITY_DESCRIPTOR_CONTROL settable =
        SE_DACL_UNTRUSTED | SE_SERVER_SECURITY | SE_DACL_AUTO_INHERIT_REQ | SE_SACL_AUTO_INHERIT_REQ |
        SE_DACL_AUTO_INHERITED | SE_SACL_AUTO_INHERITED | SE_DACL_PROTECTED | SE_SACL_PROTECTED;
    SECURITY_DESCRIPTOR *sd = SecurityDescriptor;

    if ((ControlBitsOfInterest | ControlBitsToSet) & ~settable)
        return STATUS_INVALID_PARAMETER;
    sd->Control = (SECURITY_DESCRIPTOR_CONTROL)((sd->Control & ~ControlBitsOfInterest) |
                                                (ControlBitsToSet & ControlBitsOfInterest));
    return STATUS_SUCCESS;
}

/* The setters work on the absolute form only. */
static NTSTATUS RtlpSetPart(PSECURITY_DESCRIPTOR sd, int which, PVOID part, BOOLEAN present, BOOLEAN defaulted)
{
    static const SECURITY_DESCRIPTOR_CONTROL defaults[] = {SE_OWNER_DEFAULTED, SE_GROUP_DEFAULTED, SE_SACL_DEFAULTED,
                                                           SE_DACL_DEFAULTED};
    static const SECURITY_DESCRIPTOR_CONTROL presence[] = {0, 0, SE_SACL_PRESENT, SE_DACL_PRESENT};
    SECURITY_DESCRIPTOR *abs = sd;

    if (abs->Revision != SECURITY_DESCRIPTOR_REVISION)
        return STATUS_UNKNOWN_REVISION;
    if (abs->Control & SE_SELF_RELATIVE)
        return STATUS_INVALID_SECURITY_DESCR;
    if (which == RTLP_OWNER)
        abs->Owner = part;
    else if (which == RTLP_GROUP)
        abs->Group = part;
    else if (which == RTLP_SACL)
        abs->Sacl = present ? part : NULL;
    else
        abs->Dacl = present ? part : NULL;
    abs->Control &= (SECURITY_DESCRIPTOR_CONTROL)~(defaults[which] | presence[which]);
    if (present)
        abs->Control |= presence[which];
    if (present && defaulted)
        abs->Control |= defaults[which];
    return STATUS_SUCCESS;
}

static NTSTATUS RtlpGetPart(PSECURITY_DESCRIPTOR sd, int which, PVOID *part, PBOOLEAN present, PBOOLEAN defaulted)
{
    static const SECURITY_DESCRIPTOR_CONTROL defaults[] = {SE_OWNER_DEFAULTED, SE_GROUP_DEFAULTED, SE_SACL_DEFAULTED,
                                                           SE_DACL_DEFAULTED};
    static const SECURITY_DESCRIPTOR_CONTROL presence[] = {0, 0, SE_SACL_PRESENT, SE_DACL_PRESENT};
    const SECURITY_DESCRIPTOR *abs = sd;

    if (abs->Revision != SECURITY_DESCRIPTOR_REVISION)
        return STATUS_UNKNOWN_REVISION;
    if (present && !(*present = !presence[which] || (abs->Control & presence[which]) != 0)) {
        *part = NULL;
        return STATUS_SUCCESS;
    }
    *part = RtlpSdPart(abs, which);
    *defaulted = (abs->Control & defaults[which]) != 0;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlSetOwnerSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PSID Owner,
                                             BOOLEAN OwnerDefaulted)
{
    return RtlpSetPart(SecurityDescriptor, RTLP_OWNER, Owner, TRUE, OwnerDefaulted);
}

NTSTATUS NTAPI RtlSetGroupSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PSID Group,
                                             BOOLEAN GroupDefaulted)
{
    return RtlpSetPart(SecurityDescriptor, RTLP_GROUP, Group, TRUE, GroupDefaulted);
}

NTSTATUS NTAPI RtlSetDaclSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, BOOLEAN DaclPresent, PACL Dacl,
                                            BOOLEAN DaclDefaulted)
{
    return RtlpSetPart(SecurityDescriptor, RTLP_DACL, Dacl, DaclPresent, DaclDefaulted);
}

NTSTATUS NTAPI RtlSetSaclSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, BOOLEAN SaclPresent, PACL Sacl,
                                            BOOLEAN SaclDefaulted)
{
    return RtlpSetPart(SecurityDescriptor, RTLP_SACL, Sacl, SaclPresent, SaclDefaulted);
}

NTSTATUS NTAPI RtlGetOwnerSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PSID *Owner,
                                             PBOOLEAN OwnerDefaulted)
{
    return RtlpGetPart(SecurityDescriptor, RTLP_OWNER, Owner, NULL, OwnerDefaulted);
}

NTSTATUS NTAPI RtlGetGroupSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PSID *Group,
                                             PBOOLEAN GroupDefaulted)
{
    return RtlpGetPart(SecurityDescriptor, RTLP_GROUP, Group, NULL, GroupDefaulted);
}

NTSTATUS NTAPI RtlGetDaclSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PBOOLEAN DaclPresent,
                                            PACL *Dacl, PBOOLEAN DaclDefaulted)
{
    return RtlpGetPart(SecurityDescriptor, RTLP_DACL, (PVOID *)Dacl, DaclPresent, DaclDefaulted);
}

NTSTATUS NTAPI RtlGetSaclSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PBOOLEAN SaclPresent,
                                            PACL *Sacl, PBOOLEAN SaclDefaulted)
{
    return RtlpGetPart(SecurityDescriptor, RTLP_SACL, (PVOID *)Sacl, SaclPresent, SaclDefaulted);
}

/* One block: the header, then the SACL, the DACL, the owner and the group, as Windows lays them out. */
NTSTATUS NTAPI RtlMakeSelfRelativeSD(PSECURITY_DESCRIPTOR AbsoluteSecurityDescriptor,
                                     PSECURITY_DESCRIPTOR SelfRelativeSecurityDescriptor, PULONG BufferLength)
{
    const SECURITY_DESCRIPTOR *abs = AbsoluteSecurityDescriptor;
    SECURITY_DESCRIPTOR_RELATIVE *rel = SelfRelativeSecurityDescriptor;
    ULONG needed;

    if (!RtlValidSecurityDescriptor(AbsoluteSecurityDescriptor))
        return STATUS_INVALID_SECURITY_DESCR;
    needed = RtlLengthSecurityDescriptor(AbsoluteSecurityDescriptor);
    if (abs->Control & SE_SELF_RELATIVE) {
        if (*BufferLength < needed) {
            *BufferLength = needed;
            return STATUS_BUFFER_TOO_SMALL;
        }
        memcpy(rel, abs, needed);
        return STATUS_SUCCESS;
    }
    needed = RtlpPackRelativeDescriptor(rel, *BufferLength, abs->Control,
                                        abs->Control & SE_SACL_PRESENT ? abs->Sacl : NULL,
                                        abs->Control & SE_DACL_PRESENT ? abs->Dacl : NULL, abs->Owner, abs->Group);
    if (*BufferLength < needed) {
        *BufferLength = needed;
        return STATUS_BUFFER_TOO_SMALL;
    }
    return STATUS_SUCCESS;
}

/* RtlMakeSelfRelativeSD for an absolute descriptor only. */
NTSTATUS NTAPI RtlAbsoluteToSelfRelativeSD(PSECURITY_DESCRIPTOR AbsoluteSecurityDescriptor,
                                           PSECURITY_DESCRIPTOR SelfRelativeSecurityDescriptor, PULONG BufferLength)
{
    if (((const SECURITY_DESCRIPTOR *)AbsoluteSecurityDescriptor)->Control & SE_SELF_RELATIVE)
        return STATUS_BAD_DESCRIPTOR_FORMAT;
    return RtlMakeSelfRelativeSD(AbsoluteSecurityDescriptor, SelfRelativeSecurityDescriptor, BufferLength);
}

/* Each part into its own buffer; when one is too small, every size is reported and nothing copied. */
NTSTATUS NTAPI RtlSelfRelativeToAbsoluteSD(PSECURITY_DESCRIPTOR SelfRelativeSecurityDescriptor,
                                           PSECURITY_DESCRIPTOR AbsoluteSecurityDescriptor,
                                           PULONG AbsoluteSecurityDescriptorSize, PACL Dacl, PULONG DaclSize,
                                           PACL Sacl, PULONG SaclSize, PSID Owner, PULONG OwnerSize, PSID PrimaryGroup,
                                           PULONG PrimaryGroupSize)
{
    const SECURITY_DESCRIPTOR *rel = SelfRelativeSecurityDescriptor;
    SECURITY_DESCRIPTOR *abs = AbsoluteSecurityDescriptor;
    PSID owner, group;
    PACL sacl, dacl;
    ULONG need_owner, need_group, need_sacl, need_dacl;

    if (!rel || rel->Revision != SECURITY_DESCRIPTOR_REVISION)
        return STATUS_INVALID_PARAMETER;
    if (!(rel->Control & SE_SELF_RELATIVE))
        return STATUS_BAD_DESCRIPTOR_FORMAT;
    owner = RtlpSdPart(rel, RTLP_OWNER);
    group = RtlpSdPart(rel, RTLP_GROUP);
    sacl = rel->Control & SE_SACL_PRESENT ? RtlpSdPart(rel, RTLP_SACL) : NULL;
    dacl = rel->Control & SE_DACL_PRESENT ? RtlpSdPart(rel, RTLP_DACL) : NULL;
    need_owner = owner ? RtlLengthSid(owner) : 0;
    need_group = group ? RtlLengthSid(group) : 0;
    need_sacl = sacl ? sacl->AclSize : 0;
    need_dacl = dacl ? dacl->AclSize : 0;
    if (*AbsoluteSecurityDescriptorSize < sizeof(SECURITY_DESCRIPTOR) || *OwnerSize < need_owner ||
        *PrimaryGroupSize < need_group || *SaclSize < need_sacl || *DaclSize < need_dacl) {
        *AbsoluteSecurityDescriptorSize = sizeof(SECURITY_DESCRIPTOR);
        *OwnerSize = need_owner;
        *PrimaryGroupSize = need_group;
        *SaclSize = need_sacl;
        *DaclSize = need_dacl;
        return STATUS_BUFFER_TOO_SMALL;
    }
    memset(abs, 0, sizeof(*abs));
    abs->Revision = rel->Revision;
    abs->Control = rel->Control & ~SE_SELF_RELATIVE;
    if (owner)
        memcpy(abs->Owner = Owner, owner, need_owner);
    if (group)
        memcpy(abs->Group = PrimaryGroup, group, need_group);
    if (sacl)
        memcpy(abs->Sacl = Sacl, sacl, need_sacl);
    if (dacl)
        memcpy(abs->Dacl = Dacl, dacl, need_dacl);
    return STATUS_SUCCESS;
}

/* ---- Access masks ---- */

void NTAPI RtlMapGenericMask(PACCESS_MASK AccessMask, const GENERIC_MAPPING *GenericMapping)
{
    if (*AccessMask & GENERIC_READ)
        *AccessMask |= GenericMapping->GenericRead;
    if (*AccessMask & GENERIC_WRITE)
        *AccessMask |= GenericMapping->GenericWrite;
    if (*AccessMask & GENERIC_EXECUTE)
        *AccessMask |= GenericMapping->GenericExecute;
    if (*AccessMask & GENERIC_ALL)
        *AccessMask |= GenericMapping->GenericAll;
    *AccessMask &= ~(ACCESS_MASK)(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL);
}

BOOLEAN NTAPI RtlAreAllAccessesGranted(ACCESS_MASK GrantedAccess, ACCESS_MASK DesiredAccess)
{
    return (GrantedAccess & DesiredAccess) == DesiredAccess;
}

BOOLEAN NTAPI RtlAreAnyAccessesGranted(ACCESS_MASK GrantedAccess, ACCESS_MASK DesiredAccess)
{
    return (GrantedAccess & DesiredAccess) != 0;
}

/* The calling thread impersonates its own process: a copy of the process token, for the thread. */
NTSTATUS NTAPI RtlImpersonateSelf(SECURITY_IMPERSONATION_LEVEL ImpersonationLevel)
{
    SECURITY_QUALITY_OF_SERVICE qos = {sizeof(qos), ImpersonationLevel, 0, FALSE};
    OBJECT_ATTRIBUTES attributes = {.Length = sizeof(attributes), .SecurityQualityOfService = &qos};
    HANDLE process_token, thread_token;
    NTSTATUS status;

    if ((status = NtOpenProcessToken(NtCurrentProcess(), TOKEN_DUPLICATE, &process_token)))
        return status;
    status = NtDuplicateToken(process_token, TOKEN_IMPERSONATE, &attributes, FALSE, TokenImpersonation,
                              &thread_token);
    NtClose(process_token);
    if (status)
        return status;
    status = NtSetInformationThread(NtCurrentThread(), ThreadImpersonationToken, &thread_token,
                                    sizeof(thread_token));
    NtClose(thread_token);
    return status;
}

/* Enable or disable one of the privileges of the thread's token (or the process's), telling whether it was
 * enabled before. */
NTSTATUS NTAPI RtlAdjustPrivilege(ULONG Privilege, BOOLEAN Enable, BOOLEAN CurrentThread, PBOOLEAN Enabled)
{
    TOKEN_PRIVILEGES change = {1, {{{Privilege, 0}, Enable ? SE_PRIVILEGE_ENABLED : 0}}}, previous;
    ULONG length;
    HANDLE token;
    NTSTATUS status;

    status = CurrentThread ? NtOpenThreadToken(NtCurrentThread(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, FALSE,
                                               &token)
                           : NtOpenProcessToken(NtCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token);
    if (status)
        return status;
    status = NtAdjustPrivilegesToken(token, FALSE, &change, sizeof(previous), &previous, &length);
    NtClose(token);
    if (status == STATUS_NOT_ALL_ASSIGNED)
        return STATUS_PRIVILEGE_NOT_HELD;
    if (status)
        return status;
    /* Only a privilege whose state changed comes back; one that did not was already as asked. */
    *Enabled = previous.PrivilegeCount ? (previous.Privileges[0].Attributes & SE_PRIVILEGE_ENABLED) != 0 : Enable;
    return STATUS_SUCCESS;
}

/* "\Registry\User\" and the SID of the user the thread (or else the process) acts as. */
NTSTATUS NTAPI RtlFormatCurrentUserKeyPath(PUNICODE_STRING KeyPath)
{
    static const WCHAR prefix[] = L"\\Registry\\User\\";
    union {
        TOKEN_USER user;
        UCHAR buffer[sizeof(TOKEN_USER) + sizeof(SID) + SID_MAX_SUB_AUTHORITIES * sizeof(ULONG)];
    } info;
    UNICODE_STRING sid;
    HANDLE token;
    ULONG length;
    NTSTATUS status;

    status = NtOpenThreadToken(NtCurrentThread(), TOKEN_QUERY, TRUE, &token);
    if (status == STATUS_NO_TOKEN)
        status = NtOpenProcessToken(NtCurrentProcess(), TOKEN_QUERY, &token);
    if (status)
        return status;
    status = NtQueryInformationToken(token, TokenUser, &info, sizeof(info), &length);
    NtClose(token);
    if (status || (status = RtlConvertSidToUnicodeString(&sid, info.user.User.Sid, TRUE)))
        return status;
    KeyPath->Length = 0;
    KeyPath->MaximumLength = (USHORT)(sizeof(prefix) + sid.Length);
    if (!(KeyPath->Buffer = RtlAllocateHeap(RtlpHeap(), 0,
                                            KeyPath->MaximumLength))) {
        RtlFreeUnicodeString(&sid);
        return STATUS_NO_MEMORY;
    }
    RtlAppendUnicodeToString(KeyPath, prefix);
    RtlAppendUnicodeStringToString(KeyPath, &sid);
    RtlFreeUnicodeString(&sid);
    return STATUS_SUCCESS;
}

/* The current user's registry key, or the default user's when the user has none that can be named. */
NTSTATUS NTAPI RtlOpenCurrentUser(ACCESS_MASK DesiredAccess, PHANDLE KeyHandle)
{
    UNICODE_STRING path;
    OBJECT_ATTRIBUTES attributes = {.Length = sizeof(attributes), .ObjectName = &path,
                                    .Attributes = OBJ_CASE_INSENSITIVE};
    NTSTATUS status;

    *KeyHandle = NULL;
    if (!RtlFormatCurrentUserKeyPath(&path)) {
        status = NtOpenKey(KeyHandle, DesiredAccess, &attributes);
        RtlFreeUnicodeString(&path);
        if (!status)
            return status;
    }
    RtlInitUnicodeString(&path, L"\\Registry\\User\\.Default");
    return NtOpenKey(KeyHandle, DesiredAccess, &attributes);
}
