/* Security data structures: SIDs, ACLs and ACEs, security descriptors in both forms, access masks. */
#include "lib/nttest.h"

static SID_IDENTIFIER_AUTHORITY NtAuthority = {{0, 0, 0, 0, 0, 5}};

static void TestSids(void)
{
    PSID sid = NULL, other = NULL;
    ULONG buffer[16];
    UNICODE_STRING text;
    WCHAR room[64];
    SID_IDENTIFIER_AUTHORITY big = {{1, 2, 3, 4, 5, 6}};

    ok_status(RtlAllocateAndInitializeSid(&NtAuthority, 5, 21, 1, 2, 3, 1001, 0, 0, 0, &sid), STATUS_SUCCESS);
    ok(RtlValidSid(sid) && RtlLengthSid(sid) == 28 && RtlLengthRequiredSid(5) == 28, "a valid SID of 28 bytes");
    ok(*RtlSubAuthorityCountSid(sid) == 5 && *RtlSubAuthoritySid(sid, 4) == 1001 &&
       RtlIdentifierAuthoritySid(sid)->Value[5] == 5, "its parts");
    ok_status(RtlConvertSidToUnicodeString(&text, sid, TRUE), STATUS_SUCCESS);
    ok(!wcscmp(text.Buffer, L"S-1-5-21-1-2-3-1001") && text.Length == 38, "as text: %S", text.Buffer);
    RtlFreeUnicodeString(&text);
    text.Buffer = room;
    text.MaximumLength = 8;
    ok_status(RtlConvertSidToUnicodeString(&text, sid, FALSE), STATUS_BUFFER_OVERFLOW);

    ok_status(RtlCopySid(sizeof(buffer), buffer, sid), STATUS_SUCCESS);
    ok(RtlEqualSid(buffer, sid), "a copy is equal");
    ok_status(RtlCopySid(20, buffer, sid), STATUS_BUFFER_TOO_SMALL);
    *RtlSubAuthoritySid(buffer, 4) = 500;
    ok(!RtlEqualSid(buffer, sid) && RtlEqualPrefixSid(buffer, sid), "the same domain, another member");

    ok_status(RtlInitializeSid(buffer, &big, 1), STATUS_SUCCESS);
    *RtlSubAuthoritySid(buffer, 0) = 7;
    text.Buffer = room;
    text.MaximumLength = sizeof(room);
    ok_status(RtlConvertSidToUnicodeString(&text, buffer, FALSE), STATUS_SUCCESS);
    ok(!wcscmp(room, L"S-1-0x010203040506-7"), "a large authority in hex: %S", room);
    ok_status(RtlInitializeSid(buffer, &big, 16), STATUS_INVALID_PARAMETER);
    ok_status(RtlAllocateAndInitializeSid(&NtAuthority, 9, 0, 0, 0, 0, 0, 0, 0, 0, &other), STATUS_INVALID_SID);
    ((UCHAR *)buffer)[0] = 2;
    ok(!RtlValidSid(buffer) && !RtlValidSid(NULL), "revision 2 is no SID");
    ok_status(RtlConvertSidToUnicodeString(&text, buffer, FALSE), STATUS_INVALID_SID);
    ok(RtlFreeSid(sid) == NULL, "freed");
}

static void TestAcls(void)
{
    ULONG storage[64];
    PACL acl = (PACL)storage;
    PSID sid;
    ACCESS_ALLOWED_ACE *ace;
    ACL_SIZE_INFORMATION size;
    ACL_REVISION_INFORMATION revision;
    GUID type = {1, 2, 3, {4}};
    PVOID free;

    RtlAllocateAndInitializeSid(&NtAuthority, 1, 18, 0, 0, 0, 0, 0, 0, 0, &sid);
    ok_status(RtlCreateAcl(acl, 100, ACL_REVISION), STATUS_SUCCESS);
    ok(RtlValidAcl(acl) && acl->AclSize == 100 && acl->AceCount == 0, "an empty ACL");
    ok_status(RtlCreateAcl(acl, 4, ACL_REVISION), STATUS_BUFFER_TOO_SMALL);
    ok_status(RtlCreateAcl(acl, 100, 5), STATUS_INVALID_PARAMETER);
    ok_status(RtlCreateAcl(acl, 100, ACL_REVISION), STATUS_SUCCESS);

    ok_status(RtlAddAccessAllowedAce(acl, ACL_REVISION, GENERIC_READ, sid), STATUS_SUCCESS);
    ok_status(RtlAddAccessDeniedAceEx(acl, ACL_REVISION, CONTAINER_INHERIT_ACE, DELETE, sid), STATUS_SUCCESS);
    ok_status(RtlAddAuditAccessAce(acl, ACL_REVISION, WRITE_DAC, sid, TRUE, FALSE), STATUS_SUCCESS);
    ok(acl->AceCount == 3, "three ACEs");
    ok_status(RtlGetAce(acl, 1, (PVOID *)&ace), STATUS_SUCCESS);
    ok(ace->Header.AceType == ACCESS_DENIED_ACE_TYPE && ace->Header.AceFlags == CONTAINER_INHERIT_ACE &&
       ace->Mask == DELETE && ace->Header.AceSize == 20 && RtlEqualSid(&ace->SidStart, sid), "the second ACE");
    ok_status(RtlGetAce(acl, 2, (PVOID *)&ace), STATUS_SUCCESS);
    ok(ace->Header.AceFlags == SUCCESSFUL_ACCESS_ACE_FLAG, "an audit of successes");
    ok_status(RtlGetAce(acl, 3, (PVOID *)&ace), STATUS_INVALID_PARAMETER);
    ok_status(RtlQueryInformationAcl(acl, &size, sizeof(size), AclSizeInformation), STATUS_SUCCESS);
    ok(size.AceCount == 3 && size.AclBytesInUse == 68 && size.AclBytesFree == 32, "in use %u, free %u",
       size.AclBytesInUse, size.AclBytesFree);
    ok(RtlFirstFreeAce(acl, &free) && free == (char *)acl + 68, "the first free byte");

    ok_status(RtlAddAccessAllowedObjectAce(acl, ACL_REVISION, 0, 1, &type, NULL, sid), STATUS_REVISION_MISMATCH);
    ok_status(RtlAddAccessAllowedAce(acl, ACL_REVISION, 1, (PSID)storage), STATUS_INVALID_SID);
    ok_status(RtlAddAccessAllowedAceEx(acl, ACL_REVISION, 0x100, 1, sid), STATUS_INVALID_PARAMETER);
    ok_status(RtlAddAccessAllowedAce(acl, ACL_REVISION, 1, sid), STATUS_SUCCESS);
    ok_status(RtlAddAccessAllowedAce(acl, ACL_REVISION, 1, sid), STATUS_ALLOTTED_SPACE_EXCEEDED);

    ok_status(RtlDeleteAce(acl, 0), STATUS_SUCCESS);
    ok_status(RtlGetAce(acl, 0, (PVOID *)&ace), STATUS_SUCCESS);
    ok(acl->AceCount == 3 && ace->Mask == DELETE, "the first ACE deleted, the rest moved up");
    ok_status(RtlDeleteAce(acl, 5), STATUS_INVALID_PARAMETER);
    ok_status(RtlCreateAcl(acl, sizeof(storage), ACL_REVISION), STATUS_SUCCESS);
    ok_status(RtlAddAccessAllowedObjectAce(acl, ACL_REVISION_DS, 0, 1, &type, NULL, sid), STATUS_SUCCESS);
    ok_status(RtlQueryInformationAcl(acl, &revision, sizeof(revision), AclRevisionInformation), STATUS_SUCCESS);
    ok(revision.AclRevision == ACL_REVISION_DS, "an object ACE raised the revision");
    ok_status(RtlGetAce(acl, 0, (PVOID *)&ace), STATUS_SUCCESS);
    ok(ace->Header.AceSize == 4 + 4 + 4 + 16 + 12 && ace->SidStart == ACE_OBJECT_TYPE_PRESENT, "an object ACE");
    ok_status(RtlQueryInformationAcl(acl, &size, 4, AclSizeInformation), STATUS_BUFFER_TOO_SMALL);
    ok_status(RtlQueryInformationAcl(acl, &size, sizeof(size), 9), STATUS_INVALID_INFO_CLASS);

    /* Inserting a list in front. */
    {
        ULONG more[16];
        PACL small = (PACL)more;
        RtlCreateAcl(small, sizeof(more), ACL_REVISION);
        RtlAddAccessAllowedAce(small, ACL_REVISION, 0x77, sid);
        ok_status(RtlCreateAcl(acl, sizeof(storage), ACL_REVISION), STATUS_SUCCESS);
        RtlAddAccessDeniedAce(acl, ACL_REVISION, 0x11, sid);
        ok_status(RtlAddAce(acl, ACL_REVISION, 0, small + 1, 20), STATUS_SUCCESS);
        ok_status(RtlGetAce(acl, 0, (PVOID *)&ace), STATUS_SUCCESS);
        ok(acl->AceCount == 2 && ace->Mask == 0x77, "RtlAddAce inserts at the index");
    }
    ok_status(RtlAddMandatoryAce(acl, ACL_REVISION, 0, 1, SYSTEM_MANDATORY_LABEL_ACE_TYPE, sid), STATUS_SUCCESS);
    ok_status(RtlAddMandatoryAce(acl, ACL_REVISION, 0, 1, ACCESS_ALLOWED_ACE_TYPE, sid), STATUS_INVALID_PARAMETER);
    ((UCHAR *)acl)[10] = 0xff; /* the first ACE now claims to run past the ACL */
    ok(!RtlValidAcl(acl) && !RtlFirstFreeAce(acl, &free), "a malformed ACL is seen");
    ok_status(RtlAddAccessAllowedAce(acl, ACL_REVISION, 1, sid), STATUS_INVALID_ACL);
    /* Windows' walk of the ACEs: a full ACL's first free byte is its end; one past the end is none. */
    ok_status(RtlCreateAcl(acl, sizeof(ACL), ACL_REVISION), STATUS_SUCCESS);
    ok(RtlFirstFreeAce(acl, &free) && free == acl + 1, "a full ACL: its end");
    acl->AclSize = sizeof(ACL) - 1;
    ok(RtlFirstFreeAce(acl, &free) && !free, "an ACL shorter than its header: no free byte");
    acl->AceCount = 1;
    ok(!RtlFirstFreeAce(acl, &free) && !free, "an ACE counted past the end: malformed");
    RtlFreeSid(sid);
}

static void TestDescriptors(void)
{
    SECURITY_DESCRIPTOR sd, back;
    ULONG storage[32], rel[64], again[64], owner_buf[8], group_buf[8], dacl_buf[16], sacl_buf[4];
    ULONG length = sizeof(rel), abs_size = sizeof(back), owner_size = sizeof(owner_buf), group_size = sizeof(group_buf);
    ULONG dacl_size = sizeof(dacl_buf), sacl_size = 0, revision;
    PACL acl = (PACL)storage, got_acl;
    PSID owner, group, got;
    BOOLEAN present, defaulted;
    SECURITY_DESCRIPTOR_CONTROL control;

    RtlAllocateAndInitializeSid(&NtAuthority, 1, 18, 0, 0, 0, 0, 0, 0, 0, &owner);
    RtlAllocateAndInitializeSid(&NtAuthority, 2, 32, 544, 0, 0, 0, 0, 0, 0, &group);
    RtlCreateAcl(acl, 64, ACL_REVISION);
    RtlAddAccessAllowedAce(acl, ACL_REVISION, GENERIC_ALL, owner);

    ok_status(RtlCreateSecurityDescriptor(&sd, 2), STATUS_UNKNOWN_REVISION);
    ok_status(RtlCreateSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION), STATUS_SUCCESS);
    ok(RtlValidSecurityDescriptor(&sd) && RtlLengthSecurityDescriptor(&sd) == sizeof(sd), "an empty descriptor");
    ok_status(RtlSetOwnerSecurityDescriptor(&sd, owner, FALSE), STATUS_SUCCESS);
    ok_status(RtlSetGroupSecurityDescriptor(&sd, group, TRUE), STATUS_SUCCESS);
    ok_status(RtlSetDaclSecurityDescriptor(&sd, TRUE, acl, FALSE), STATUS_SUCCESS);
    ok_status(RtlGetControlSecurityDescriptor(&sd, &control, &revision), STATUS_SUCCESS);
    ok(control == (SE_GROUP_DEFAULTED | SE_DACL_PRESENT) && revision == 1, "control %x", control);
    ok(RtlLengthSecurityDescriptor(&sd) == sizeof(sd) + 12 + 16 + 64, "length %u", RtlLengthSecurityDescriptor(&sd));
    ok_status(RtlGetGroupSecurityDescriptor(&sd, &got, &defaulted), STATUS_SUCCESS);
    ok(got == group && defaulted, "the group, defaulted");
    ok_status(RtlGetSaclSecurityDescriptor(&sd, &present, &got_acl, &defaulted), STATUS_SUCCESS);
    ok(!present && !got_acl, "no SACL");
    ok_status(RtlSetControlSecurityDescriptor(&sd, SE_DACL_PROTECTED, SE_DACL_PROTECTED), STATUS_SUCCESS);
    ok_status(RtlSetControlSecurityDescriptor(&sd, SE_DACL_PRESENT, 0), STATUS_INVALID_PARAMETER);

    /* To one block and back. */
    length = 8;
    ok_status(RtlMakeSelfRelativeSD(&sd, rel, &length), STATUS_BUFFER_TOO_SMALL);
    ok(length == 20 + 12 + 16 + 64, "the self-relative length: %u", length);
    ok_status(RtlMakeSelfRelativeSD(&sd, rel, &length), STATUS_SUCCESS);
    ok(RtlValidSecurityDescriptor(rel) && RtlLengthSecurityDescriptor(rel) == length, "a valid self-relative copy");
    ok_status(RtlAbsoluteToSelfRelativeSD(rel, again, &length), STATUS_BAD_DESCRIPTOR_FORMAT);
    ok_status(RtlAbsoluteToSelfRelativeSD(&sd, again, &length), STATUS_SUCCESS);
    ok(!memcmp(again, rel, length), "RtlAbsoluteToSelfRelativeSD: the same block");
    ok_status(RtlGetOwnerSecurityDescriptor(rel, &got, &defaulted), STATUS_SUCCESS);
    ok(got > (PVOID)rel && RtlEqualSid(got, owner) && !defaulted, "its owner is inside it");
    ok_status(RtlGetDaclSecurityDescriptor(rel, &present, &got_acl, &defaulted), STATUS_SUCCESS);
    ok(present && got_acl && got_acl->AceCount == 1, "and its DACL");
    ok_status(RtlSetOwnerSecurityDescriptor(rel, owner, FALSE), STATUS_INVALID_SECURITY_DESCR);
    dacl_size = 8;
    ok_status(RtlSelfRelativeToAbsoluteSD(rel, &back, &abs_size, (PACL)dacl_buf, &dacl_size, (PACL)sacl_buf,
                                          &sacl_size, owner_buf, &owner_size, group_buf, &group_size),
              STATUS_BUFFER_TOO_SMALL);
    ok(dacl_size == 64 && owner_size == 12 && group_size == 16 && sacl_size == 0, "the sizes each part needs");
    ok_status(RtlSelfRelativeToAbsoluteSD(rel, &back, &abs_size, (PACL)dacl_buf, &dacl_size, (PACL)sacl_buf,
                                          &sacl_size, owner_buf, &owner_size, group_buf, &group_size),
              STATUS_SUCCESS);
    ok(back.Owner == owner_buf && RtlEqualSid(back.Group, group) && back.Dacl == (PACL)dacl_buf && !back.Sacl &&
       back.Control == (control | SE_DACL_PROTECTED), "back to the absolute form");
    ok_status(RtlSelfRelativeToAbsoluteSD(&sd, &back, &abs_size, (PACL)dacl_buf, &dacl_size, (PACL)sacl_buf,
                                          &sacl_size, owner_buf, &owner_size, group_buf, &group_size),
              STATUS_BAD_DESCRIPTOR_FORMAT);
    RtlFreeSid(owner);
    RtlFreeSid(group);
}

static void TestMasks(void)
{
    GENERIC_MAPPING mapping = {1, 2, 4, 0xf};
    ACCESS_MASK mask = GENERIC_READ | GENERIC_EXECUTE | 0x100;

    RtlMapGenericMask(&mask, &mapping);
    ok(mask == (1 | 4 | 0x100), "generic rights mapped and cleared: %x", mask);
    ok(RtlAreAllAccessesGranted(7, 5) && !RtlAreAllAccessesGranted(5, 7), "all granted");
    ok(RtlAreAnyAccessesGranted(4, 6) && !RtlAreAnyAccessesGranted(1, 6), "any granted");
}

/* The current user's key: \Registry\User\ and the token's user SID. A thread cannot impersonate yet. */
static void TestTokenUsers(void)
{
    static const WCHAR user_key[] = L"\\REGISTRY\\USER\\S-1-5-21-0-0-0-1000";
    UNICODE_STRING path = {0};
    HANDLE key = (HANDLE)1;
    union {
        KEY_NAME_INFORMATION info;
        WCHAR text[64];
    } name;
    ULONG length;

    ok_status(RtlImpersonateSelf(SecurityImpersonation), STATUS_NOT_IMPLEMENTED);
    ok_status(RtlFormatCurrentUserKeyPath(&path), STATUS_SUCCESS);
    ok(path.Buffer && path.Length == sizeof(user_key) - 2 && !_wcsnicmp(path.Buffer, user_key, path.Length / 2),
       "the user's key: %S", path.Buffer);
    RtlFreeUnicodeString(&path);
    ok_status(RtlOpenCurrentUser(KEY_READ, &key), STATUS_SUCCESS);
    ok_status(NtQueryKey(key, KeyNameInformation, &name, sizeof(name), &length), STATUS_SUCCESS);
    ok(name.info.NameLength == sizeof(user_key) - 2 && !memcmp(name.info.Name, user_key, sizeof(user_key) - 2),
       "opened: %S", name.info.Name);
    NtClose(key);
    {
        UNICODE_STRING program;
        ULONG value = 7, length = 0;
        RtlInitUnicodeString(&program, L"C:\\apps\\tool.exe");
        ok_status(LdrQueryImageFileExecutionOptions(&program, L"GlobalFlag", REG_DWORD, &value, sizeof(value), &length),
                  STATUS_OBJECT_NAME_NOT_FOUND);
        ok(value == 7 && length == 0, "nothing written");
    }
}

void RunTests(void)
{
    TestTokenUsers();
    TestSids();
    TestAcls();
    TestDescriptors();
    TestMasks();
}
