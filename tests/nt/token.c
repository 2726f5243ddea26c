/* Access tokens: opening the process's, what it says (user, groups, privileges, type, elevation), adjusting
 * its privileges, duplicates, and locally unique ids. */
#include "lib/nttest.h"

static int SidIs(PSID sid, const WCHAR *text)
{
    UNICODE_STRING s;
    int same;

    if (RtlConvertSidToUnicodeString(&s, sid, TRUE))
        return 0;
    same = !wcscmp(s.Buffer, text);
    RtlFreeUnicodeString(&s);
    return same;
}

/* The attributes of a privilege in the token, or -1 if it lacks it. */
static LONG PrivilegeState(HANDLE token, ULONG privilege)
{
    union {
        TOKEN_PRIVILEGES p;
        UCHAR bytes[1024];
    } u;
    ULONG length;

    if (NtQueryInformationToken(token, TokenPrivileges, &u, sizeof(u), &length))
        return -2;
    for (ULONG i = 0; i < u.p.PrivilegeCount; i++)
        if (u.p.Privileges[i].Luid.LowPart == privilege)
            return (LONG)u.p.Privileges[i].Attributes;
    return -1;
}

static void TestOpen(void)
{
    HANDLE token = (HANDLE)1, event;

    ok_status(NtOpenProcessToken(NtCurrentProcess(), TOKEN_QUERY, &token), STATUS_SUCCESS);
    ok(token && token != (HANDLE)1, "a handle");
    NtClose(token);
    ok_status(NtOpenProcessTokenEx(NtCurrentProcess(), TOKEN_QUERY, OBJ_INHERIT, &token), STATUS_SUCCESS);
    NtClose(token);
    ok_status(NtOpenProcessTokenEx(NtCurrentProcess(), TOKEN_QUERY, 0x10000, &token), STATUS_INVALID_PARAMETER);
    ok_status(NtOpenProcessToken((HANDLE)0x1230, TOKEN_QUERY, &token), STATUS_INVALID_HANDLE);
    ok_status(NtOpenProcessToken(NtCurrentProcess(), TOKEN_QUERY, (HANDLE *)8), STATUS_ACCESS_VIOLATION);
    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
    ok_status(NtOpenProcessToken(event, TOKEN_QUERY, &token), STATUS_OBJECT_TYPE_MISMATCH);
    ok_status(NtOpenThreadToken(event, TOKEN_QUERY, TRUE, &token), STATUS_OBJECT_TYPE_MISMATCH);
    NtClose(event);
    /* No thread impersonates. */
    ok_status(NtOpenThreadToken(NtCurrentThread(), TOKEN_QUERY, TRUE, &token), STATUS_NO_TOKEN);
    ok(token == NULL, "no handle");
    ok_status(NtOpenThreadTokenEx(NtCurrentThread(), TOKEN_QUERY, FALSE, 0, &token), STATUS_NO_TOKEN);
    ok_status(NtOpenThreadToken((HANDLE)0x1230, TOKEN_QUERY, TRUE, &token), STATUS_INVALID_HANDLE);
}

static void TestQuery(void)
{
    union {
        TOKEN_USER user;
        TOKEN_GROUPS groups;
        TOKEN_OWNER owner;
        TOKEN_PRIMARY_GROUP group;
        TOKEN_DEFAULT_DACL dacl;
        TOKEN_STATISTICS stats;
        TOKEN_SOURCE source;
        TOKEN_MANDATORY_LABEL label;
        ULONG value;
        UCHAR bytes[2048];
    } u;
    HANDLE token, limited;
    ULONG length = 0, needed;
    BOOLEAN admin = FALSE;

    ok_status(NtOpenProcessToken(NtCurrentProcess(), TOKEN_QUERY, &token), STATUS_SUCCESS);
    ok_status(NtQueryInformationToken(token, TokenUser, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(SidIs(u.user.User.Sid, L"S-1-5-21-0-0-0-1000") && u.user.User.Attributes == 0, "the user");
    ok((UCHAR *)u.user.User.Sid > u.bytes && (UCHAR *)u.user.User.Sid < u.bytes + length,
       "its SID is in the buffer (%u bytes)", length);
    needed = length;
    ok_status(NtQueryInformationToken(token, TokenUser, &u, needed - 1, &length), STATUS_BUFFER_TOO_SMALL);
    ok(length == needed, "the size needed: %u", length);
    ok_status(NtQueryInformationToken(token, TokenUser, NULL, 0, &length), STATUS_BUFFER_TOO_SMALL);
    ok_status(NtQueryInformationToken(token, TokenUser, (PVOID)8, sizeof(u), &length), STATUS_ACCESS_VIOLATION);
    ok_status(NtQueryInformationToken(token, 200, &u, sizeof(u), &length), STATUS_INVALID_INFO_CLASS);

    ok_status(NtQueryInformationToken(token, TokenGroups, &u, sizeof(u), &length), STATUS_SUCCESS);
    for (ULONG i = 0; i < u.groups.GroupCount; i++)
        if (SidIs(u.groups.Groups[i].Sid, L"S-1-5-32-544"))
            admin = (u.groups.Groups[i].Attributes & (SE_GROUP_ENABLED | SE_GROUP_OWNER)) ==
                    (SE_GROUP_ENABLED | SE_GROUP_OWNER);
    ok(u.groups.GroupCount > 5 && admin, "an enabled administrator among %u groups", u.groups.GroupCount);
    ok_status(NtQueryInformationToken(token, TokenOwner, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(SidIs(u.owner.Owner, L"S-1-5-32-544"), "the owner of new objects");
    ok_status(NtQueryInformationToken(token, TokenPrimaryGroup, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(SidIs(u.group.PrimaryGroup, L"S-1-5-21-0-0-0-513"), "the primary group");
    ok_status(NtQueryInformationToken(token, TokenDefaultDacl, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(u.dacl.DefaultDacl && RtlValidAcl(u.dacl.DefaultDacl) && u.dacl.DefaultDacl->AceCount == 2,
       "a default DACL of two ACEs");
    ok_status(NtQueryInformationToken(token, TokenIntegrityLevel, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(SidIs(u.label.Label.Sid, L"S-1-16-12288") && u.label.Label.Attributes & SE_GROUP_INTEGRITY, "high integrity");

    ok(PrivilegeState(token, SE_CHANGE_NOTIFY_PRIVILEGE) == (SE_PRIVILEGE_ENABLED | SE_PRIVILEGE_ENABLED_BY_DEFAULT),
       "SeChangeNotifyPrivilege is enabled");
    ok(PrivilegeState(token, SE_BACKUP_PRIVILEGE) == 0 && PrivilegeState(token, SE_RESTORE_PRIVILEGE) == 0,
       "SeBackupPrivilege and SeRestorePrivilege are held, not enabled");
    ok(PrivilegeState(token, SE_CREATE_TOKEN_PRIVILEGE) == -1 && PrivilegeState(token, SE_LOCK_MEMORY_PRIVILEGE) == -1,
       "an administrator has no SeCreateTokenPrivilege or SeLockMemoryPrivilege");

    ok_status(NtQueryInformationToken(token, TokenType, &u, 3, &length), STATUS_BUFFER_TOO_SMALL);
    ok(length == 4, "a type takes 4 bytes: %u", length);
    ok_status(NtQueryInformationToken(token, TokenType, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(u.value == TokenPrimary, "a primary token: %u", u.value);
    ok_status(NtQueryInformationToken(token, TokenImpersonationLevel, &u, sizeof(u), &length),
              STATUS_INVALID_INFO_CLASS);
    ok_status(NtQueryInformationToken(token, TokenElevation, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(u.value == 1, "elevated");
    ok_status(NtQueryInformationToken(token, TokenElevationType, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(u.value == TokenElevationTypeDefault, "no split token: %u", u.value);
    ok_status(NtQueryInformationToken(token, TokenSessionId, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(u.value == 1, "session 1: %u", u.value);
    ok_status(NtQueryInformationToken(token, TokenStatistics, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(length == sizeof(TOKEN_STATISTICS) && u.stats.TokenType == TokenPrimary && u.stats.PrivilegeCount > 20,
       "statistics: %u privileges", u.stats.PrivilegeCount);
    ok_status(NtQueryInformationToken(token, TokenSource, &u, sizeof(u), &length), STATUS_ACCESS_DENIED);
    ok_status(NtQueryInformationToken(NtCurrentProcess(), TokenUser, &u, sizeof(u), &length),
              STATUS_OBJECT_TYPE_MISMATCH);
    ok_status(NtQueryInformationToken((HANDLE)0x1230, TokenUser, &u, sizeof(u), &length), STATUS_INVALID_HANDLE);
    /* The pseudo-handles: the process's token and the one in effect are the same here; no thread impersonates. */
    {
        LUID id = u.stats.TokenId;
        ok_status(NtQueryInformationToken((HANDLE)(LONG_PTR)-4, TokenStatistics, &u, sizeof(u), &length),
                  STATUS_SUCCESS);
        ok(!memcmp(&u.stats.TokenId, &id, sizeof(id)) && u.stats.AuthenticationId.LowPart == 0x10000,
           "the process's token by its pseudo-handle: logon %x", u.stats.AuthenticationId.LowPart);
        ok_status(NtQueryInformationToken((HANDLE)(LONG_PTR)-6, TokenStatistics, &u, sizeof(u), &length),
                  STATUS_SUCCESS);
        ok(!memcmp(&u.stats.TokenId, &id, sizeof(id)), "the token in effect is the process's");
        ok_status(NtQueryInformationToken((HANDLE)(LONG_PTR)-5, TokenStatistics, &u, sizeof(u), &length),
                  STATUS_NO_TOKEN);
    }

    ok_status(NtOpenProcessToken(NtCurrentProcess(), TOKEN_ADJUST_PRIVILEGES, &limited), STATUS_SUCCESS);
    ok_status(NtQueryInformationToken(limited, TokenUser, &u, sizeof(u), &length), STATUS_ACCESS_DENIED);
    NtClose(limited);
    ok_status(NtOpenProcessToken(NtCurrentProcess(), TOKEN_QUERY_SOURCE, &limited), STATUS_SUCCESS);
    ok_status(NtQueryInformationToken(limited, TokenSource, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(!memcmp(u.source.SourceName, "User32 ", 8), "the source");
    NtClose(limited);
    NtClose(token);
}

static void TestAdjust(void)
{
    TOKEN_PRIVILEGES change = {1, {{{SE_BACKUP_PRIVILEGE, 0}, SE_PRIVILEGE_ENABLED}}};
    union {
        TOKEN_PRIVILEGES p;
        UCHAR bytes[512];
    } previous;
    HANDLE token, query_only;
    ULONG length = 0;
    BOOLEAN was;

    ok_status(NtOpenProcessToken(NtCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token), STATUS_SUCCESS);
    ok_status(NtAdjustPrivilegesToken(token, FALSE, &change, 4, &previous, &length), STATUS_BUFFER_TOO_SMALL);
    ok(length == 16, "room for one change: %u", length);
    ok(PrivilegeState(token, SE_BACKUP_PRIVILEGE) == 0, "nothing changed then");
    ok_status(NtAdjustPrivilegesToken(token, FALSE, &change, sizeof(previous), &previous, &length), STATUS_SUCCESS);
    ok(previous.p.PrivilegeCount == 1 && previous.p.Privileges[0].Luid.LowPart == SE_BACKUP_PRIVILEGE &&
       previous.p.Privileges[0].Attributes == 0 && length == 16, "it was disabled");
    ok(PrivilegeState(token, SE_BACKUP_PRIVILEGE) == SE_PRIVILEGE_ENABLED, "now enabled");
    ok_status(NtAdjustPrivilegesToken(token, FALSE, &change, sizeof(previous), &previous, &length), STATUS_SUCCESS);
    ok(previous.p.PrivilegeCount == 0 && length == 4, "no change the second time");
    change.Privileges[0].Attributes = 0;
    ok_status(NtAdjustPrivilegesToken(token, FALSE, &change, 0, NULL, NULL), STATUS_SUCCESS);
    ok(PrivilegeState(token, SE_BACKUP_PRIVILEGE) == 0, "disabled again");

    change.Privileges[0].Luid.LowPart = SE_CREATE_TOKEN_PRIVILEGE;
    change.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
    ok_status(NtAdjustPrivilegesToken(token, FALSE, &change, 0, NULL, NULL), STATUS_NOT_ALL_ASSIGNED);
    ok_status(NtAdjustPrivilegesToken(token, FALSE, NULL, 0, NULL, NULL), STATUS_INVALID_PARAMETER);
    ok_status(NtAdjustPrivilegesToken(token, FALSE, (PVOID)8, 0, NULL, NULL), STATUS_ACCESS_VIOLATION);
    {
        TOKEN_PRIVILEGES huge = {0x7fffffff, {{{SE_BACKUP_PRIVILEGE, 0}, SE_PRIVILEGE_ENABLED}}};
        ok_status(NtAdjustPrivilegesToken(token, FALSE, &huge, 0, NULL, NULL), STATUS_INVALID_PARAMETER);
    }
    ok_status(NtOpenProcessToken(NtCurrentProcess(), TOKEN_QUERY, &query_only), STATUS_SUCCESS);
    ok_status(NtAdjustPrivilegesToken(query_only, FALSE, &change, 0, NULL, NULL), STATUS_ACCESS_DENIED);
    NtClose(query_only);

    /* RtlAdjustPrivilege says what the privilege was. */
    ok_status(RtlAdjustPrivilege(SE_RESTORE_PRIVILEGE, TRUE, FALSE, &was), STATUS_SUCCESS);
    ok(!was, "SeRestorePrivilege was disabled");
    ok_status(RtlAdjustPrivilege(SE_RESTORE_PRIVILEGE, TRUE, FALSE, &was), STATUS_SUCCESS);
    ok(was, "and then enabled");
    ok_status(RtlAdjustPrivilege(SE_RESTORE_PRIVILEGE, FALSE, FALSE, &was), STATUS_SUCCESS);
    ok(was && PrivilegeState(token, SE_RESTORE_PRIVILEGE) == 0, "disabled again");
    ok_status(RtlAdjustPrivilege(SE_TCB_PRIVILEGE, TRUE, FALSE, &was), STATUS_PRIVILEGE_NOT_HELD);
    ok_status(RtlAdjustPrivilege(SE_RESTORE_PRIVILEGE, TRUE, TRUE, &was), STATUS_NO_TOKEN);
    NtClose(token);
}

static void TestDuplicate(void)
{
    SECURITY_QUALITY_OF_SERVICE qos = {sizeof(qos), SecurityIdentification, 0, FALSE};
    OBJECT_ATTRIBUTES attributes = {.Length = sizeof(attributes), .SecurityQualityOfService = &qos};
    TOKEN_PRIVILEGES change = {1, {{{SE_SHUTDOWN_PRIVILEGE, 0}, SE_PRIVILEGE_REMOVED}}};
    HANDLE token, copy, effective;
    ULONG value, length;

    ok_status(NtOpenProcessToken(NtCurrentProcess(), TOKEN_DUPLICATE | TOKEN_QUERY, &token), STATUS_SUCCESS);
    ok_status(NtDuplicateToken(token, TOKEN_ALL_ACCESS, &attributes, FALSE, TokenImpersonation, &copy),
              STATUS_SUCCESS);
    ok_status(NtQueryInformationToken(copy, TokenType, &value, sizeof(value), &length), STATUS_SUCCESS);
    ok(value == TokenImpersonation, "an impersonation token");
    ok_status(NtQueryInformationToken(copy, TokenImpersonationLevel, &value, sizeof(value), &length), STATUS_SUCCESS);
    ok(value == SecurityIdentification, "at the level asked: %u", value);
    /* The copy's privileges are its own. */
    ok_status(NtAdjustPrivilegesToken(copy, FALSE, &change, 0, NULL, NULL), STATUS_SUCCESS);
    ok(PrivilegeState(copy, SE_SHUTDOWN_PRIVILEGE) == -1 && PrivilegeState(token, SE_SHUTDOWN_PRIVILEGE) == 0,
       "removed from the copy only");
    NtClose(copy);
    ok_status(NtDuplicateToken(token, TOKEN_QUERY, NULL, TRUE, TokenPrimary, &effective), STATUS_SUCCESS);
    ok(PrivilegeState(effective, SE_BACKUP_PRIVILEGE) == -1 && PrivilegeState(effective, SE_CHANGE_NOTIFY_PRIVILEGE) > 0,
       "an effective-only copy keeps the enabled privileges only");
    NtClose(effective);

    ok_status(NtDuplicateToken(token, TOKEN_QUERY, NULL, FALSE, 3, &copy), STATUS_INVALID_PARAMETER);
    qos.ImpersonationLevel = 7;
    ok_status(NtDuplicateToken(token, TOKEN_QUERY, &attributes, FALSE, TokenImpersonation, &copy),
              STATUS_BAD_IMPERSONATION_LEVEL);
    ok_status(NtDuplicateToken(token, TOKEN_QUERY, NULL, FALSE, TokenPrimary, (HANDLE *)8), STATUS_ACCESS_VIOLATION);
    NtClose(token);
    ok_status(NtOpenProcessToken(NtCurrentProcess(), TOKEN_QUERY, &token), STATUS_SUCCESS);
    ok_status(NtDuplicateToken(token, TOKEN_QUERY, NULL, FALSE, TokenPrimary, &copy), STATUS_ACCESS_DENIED);
    NtClose(token);
}

static void TestLuids(void)
{
    LUID a, b;

    ok_status(NtAllocateLocallyUniqueId(&a), STATUS_SUCCESS);
    ok_status(NtAllocateLocallyUniqueId(&b), STATUS_SUCCESS);
    ok(a.LowPart != b.LowPart || a.HighPart != b.HighPart, "two ids differ");
    ok_status(NtAllocateLocallyUniqueId(NULL), STATUS_ACCESS_VIOLATION);
}

void RunTests(void)
{
    TestOpen();
    TestQuery();
    TestAdjust();
    TestDuplicate();
    TestLuids();
}
