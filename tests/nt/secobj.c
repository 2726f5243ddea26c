/* Security descriptors of new objects: inheritance from a parent's DACL for objects and for containers,
 * CREATOR OWNER replaced, generic rights mapped, automatic inheritance, and converting an old descriptor. */
#include "lib/nttest.h"

static SID_IDENTIFIER_AUTHORITY NtAuthority = {{0, 0, 0, 0, 0, 5}};
static SID_IDENTIFIER_AUTHORITY WorldAuthority = {{0, 0, 0, 0, 0, 1}};
static SID_IDENTIFIER_AUTHORITY CreatorAuthority = {{0, 0, 0, 0, 0, 3}};
static GENERIC_MAPPING Mapping = {0x1, 0x2, 0x4, 0xf};
static PSID Owner, Group, Everyone, CreatorOwner;

#define GENERIC_READ_BIT 0x80000000u
#define GENERIC_ALL_BIT 0x10000000u

typedef struct {
    ULONG Type, Flags;
    ACCESS_MASK Mask;
    PSID Sid;
} EXPECTED_ACE;

static ACL *Acl(ULONG count, const EXPECTED_ACE *aces)
{
    static ULONG storage[4][64];
    static int next;
    ACL *acl = (ACL *)storage[next++ % 4];

    RtlCreateAcl(acl, sizeof(storage[0]), ACL_REVISION);
    for (ULONG i = 0; i < count; i++) {
        if (aces[i].Type == ACCESS_ALLOWED_ACE_TYPE)
            RtlAddAccessAllowedAceEx(acl, ACL_REVISION, aces[i].Flags, aces[i].Mask, aces[i].Sid);
        else
            RtlAddAccessDeniedAceEx(acl, ACL_REVISION, aces[i].Flags, aces[i].Mask, aces[i].Sid);
    }
    return acl;
}

static int DaclIs(PSECURITY_DESCRIPTOR sd, ULONG count, const EXPECTED_ACE *want)
{
    BOOLEAN present = FALSE, defaulted;
    ACL *dacl = NULL;

    if (RtlGetDaclSecurityDescriptor(sd, &present, &dacl, &defaulted) || !present || !dacl ||
        dacl->AceCount != count) {
        TestPrint("  DACL: present %d, %d ACEs\n", present, dacl ? dacl->AceCount : -1);
        return 0;
    }
    for (ULONG i = 0; i < count; i++) {
        ACCESS_ALLOWED_ACE *ace;
        RtlGetAce(dacl, i, (PVOID *)&ace);
        if (ace->Header.AceType != want[i].Type || ace->Header.AceFlags != want[i].Flags ||
            ace->Mask != want[i].Mask || !RtlEqualSid(&ace->SidStart, want[i].Sid)) {
            TestPrint("  ACE %u: type %u flags %x mask %x\n", i, ace->Header.AceType, ace->Header.AceFlags,
                      ace->Mask);
            return 0;
        }
    }
    return 1;
}

static void Descriptor(SECURITY_DESCRIPTOR *sd, PSID owner, PSID group, ACL *dacl)
{
    RtlCreateSecurityDescriptor(sd, SECURITY_DESCRIPTOR_REVISION);
    RtlSetOwnerSecurityDescriptor(sd, owner, FALSE);
    RtlSetGroupSecurityDescriptor(sd, group, FALSE);
    if (dacl)
        RtlSetDaclSecurityDescriptor(sd, TRUE, dacl, FALSE);
}

void RunTests(void)
{
    SECURITY_DESCRIPTOR parent, creator;
    PSECURITY_DESCRIPTOR made = NULL, converted = NULL;
    SECURITY_DESCRIPTOR_CONTROL control;
    ULONG revision;
    PSID sid;
    BOOLEAN defaulted;

    RtlAllocateAndInitializeSid(&NtAuthority, 5, 21, 1, 2, 3, 1000, 0, 0, 0, &Owner);
    RtlAllocateAndInitializeSid(&NtAuthority, 5, 21, 1, 2, 3, 513, 0, 0, 0, &Group);
    RtlAllocateAndInitializeSid(&WorldAuthority, 1, 0, 0, 0, 0, 0, 0, 0, 0, &Everyone);
    RtlAllocateAndInitializeSid(&CreatorAuthority, 1, 0, 0, 0, 0, 0, 0, 0, 0, &CreatorOwner);
    {
        const EXPECTED_ACE aces[] = {
            {ACCESS_ALLOWED_ACE_TYPE, CONTAINER_INHERIT_ACE | OBJECT_INHERIT_ACE, GENERIC_READ_BIT, Everyone},
            {ACCESS_ALLOWED_ACE_TYPE, OBJECT_INHERIT_ACE | INHERIT_ONLY_ACE, GENERIC_ALL_BIT, CreatorOwner},
            {ACCESS_DENIED_ACE_TYPE, 0, 0x2, Everyone},
            {ACCESS_ALLOWED_ACE_TYPE, CONTAINER_INHERIT_ACE | NO_PROPAGATE_INHERIT_ACE, 0x4, Everyone},
        };
        Descriptor(&parent, Owner, Group, Acl(4, aces));
    }
    Descriptor(&creator, Owner, Group, NULL);

    /* An object inherits what its parent gives objects, made effective. */
    ok_status(RtlNewSecurityObject(&parent, &creator, &made, FALSE, NULL, &Mapping), STATUS_SUCCESS);
    {
        const EXPECTED_ACE want[] = {{ACCESS_ALLOWED_ACE_TYPE, 0, 0x1, Everyone},
                                     {ACCESS_ALLOWED_ACE_TYPE, 0, 0xf, Owner}};
        ok(DaclIs(made, 2, want), "an object: mapped, CREATOR OWNER replaced, others not inherited");
    }
    ok_status(RtlGetControlSecurityDescriptor(made, &control, &revision), STATUS_SUCCESS);
    ok(control == (SE_SELF_RELATIVE | SE_DACL_PRESENT), "self-relative, a DACL: %x", control);
    ok_status(RtlGetOwnerSecurityDescriptor(made, &sid, &defaulted), STATUS_SUCCESS);
    ok(sid && RtlEqualSid(sid, Owner) && !defaulted, "the creator's owner");
    ok(RtlValidSecurityDescriptor(made), "a valid descriptor");

    /* The old descriptor made one of automatic inheritance: its ACEs recognised as inherited. */
    ok_status(RtlConvertToAutoInheritSecurityObject(&parent, made, &converted, NULL, FALSE, &Mapping),
              STATUS_SUCCESS);
    {
        const EXPECTED_ACE want[] = {{ACCESS_ALLOWED_ACE_TYPE, INHERITED_ACE, 0x1, Everyone},
                                     {ACCESS_ALLOWED_ACE_TYPE, INHERITED_ACE, 0xf, Owner}};
        ok(DaclIs(converted, 2, want), "converted: the ACEs are marked inherited");
    }
    RtlGetControlSecurityDescriptor(converted, &control, &revision);
    ok(control & SE_DACL_AUTO_INHERITED, "and the DACL auto-inherited: %x", control);
    ok_status(RtlDeleteSecurityObject(&converted), STATUS_SUCCESS);
    ok_status(RtlDeleteSecurityObject(&made), STATUS_SUCCESS);

    /* A container keeps passing on what is inheritable, split where the effective ACE differs. */
    ok_status(RtlNewSecurityObject(&parent, &creator, &made, TRUE, NULL, &Mapping), STATUS_SUCCESS);
    {
        const EXPECTED_ACE want[] = {
            {ACCESS_ALLOWED_ACE_TYPE, 0, 0x1, Everyone},
            {ACCESS_ALLOWED_ACE_TYPE, CONTAINER_INHERIT_ACE | OBJECT_INHERIT_ACE | INHERIT_ONLY_ACE, GENERIC_READ_BIT,
             Everyone},
            {ACCESS_ALLOWED_ACE_TYPE, OBJECT_INHERIT_ACE | INHERIT_ONLY_ACE, GENERIC_ALL_BIT, CreatorOwner},
            {ACCESS_ALLOWED_ACE_TYPE, 0, 0x4, Everyone},
        };
        ok(DaclIs(made, 4, want), "a container: split, passed on, not propagated");
    }
    RtlDeleteSecurityObject(&made);

    /* The creator's own DACL wins; with automatic inheritance the parent's follows, marked. */
    {
        const EXPECTED_ACE own[] = {{ACCESS_ALLOWED_ACE_TYPE, 0, 0x8, Owner}};
        const EXPECTED_ACE want[] = {{ACCESS_ALLOWED_ACE_TYPE, 0, 0x8, Owner}};
        const EXPECTED_ACE want_auto[] = {{ACCESS_ALLOWED_ACE_TYPE, 0, 0x8, Owner},
                                          {ACCESS_ALLOWED_ACE_TYPE, INHERITED_ACE, 0x1, Everyone},
                                          {ACCESS_ALLOWED_ACE_TYPE, INHERITED_ACE, 0xf, Owner}};
        Descriptor(&creator, Owner, Group, Acl(1, own));
        ok_status(RtlNewSecurityObject(&parent, &creator, &made, FALSE, NULL, &Mapping), STATUS_SUCCESS);
        ok(DaclIs(made, 1, want), "the creator's DACL only");
        RtlDeleteSecurityObject(&made);
        ok_status(RtlNewSecurityObjectEx(&parent, &creator, &made, NULL, FALSE, 1 /* SEF_DACL_AUTO_INHERIT */, NULL,
                                         &Mapping),
                  STATUS_SUCCESS);
        ok(DaclIs(made, 3, want_auto), "explicit first, then inherited");
        RtlGetControlSecurityDescriptor(made, &control, &revision);
        ok(control & SE_DACL_AUTO_INHERITED, "auto-inherited: %x", control);
        RtlDeleteSecurityObject(&made);
        ok_status(RtlNewSecurityObjectWithMultipleInheritance(&parent, &creator, &made, NULL, 0, FALSE, 1, NULL,
                                                              &Mapping),
                  STATUS_SUCCESS);
        ok(DaclIs(made, 3, want_auto), "the same with multiple inheritance and no types");
        RtlDeleteSecurityObject(&made);
    }

    /* Without an owner from the creator, the token says: an elevated administrator's objects are owned by
     * BUILTIN\Administrators, their group is the token's primary group. */
    {
        PSID administrators, group;
        BOOLEAN defaulted;
        ok_status(RtlAllocateAndInitializeSid(&NtAuthority, 2, 32, 544, 0, 0, 0, 0, 0, 0, &administrators),
                  STATUS_SUCCESS);
        made = NULL;
        ok_status(RtlNewSecurityObject(&parent, NULL, &made, FALSE, NULL, &Mapping), STATUS_SUCCESS);
        ok_status(RtlGetOwnerSecurityDescriptor(made, &sid, &defaulted), STATUS_SUCCESS);
        ok(sid && RtlEqualSid(sid, administrators), "the token's owner");
        ok_status(RtlGetGroupSecurityDescriptor(made, &group, &defaulted), STATUS_SUCCESS);
        ok(group && RtlLengthSid(group) == 28 && *RtlSubAuthoritySid(group, 4) == 513, "the token's primary group");
        RtlDeleteSecurityObject(&made);
        RtlFreeSid(administrators);
    }
    ok_status(RtlConvertToAutoInheritSecurityObject(&parent, NULL, &made, NULL, FALSE, &Mapping),
              STATUS_INVALID_PARAMETER);
}
