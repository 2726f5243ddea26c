/* Objects' security descriptors: NtQuerySecurityObject and NtSetSecurityObject, the defaults a new object gets,
 * a creator's own descriptor, and a pipe's one shared by all its instances. */
#include "lib/nttest.h"

static SID_IDENTIFIER_AUTHORITY WorldAuthority = {{0, 0, 0, 0, 0, 1}};
static SID_IDENTIFIER_AUTHORITY NtAuthority = {{0, 0, 0, 0, 0, 5}};

/* S-1-1-0 (Everyone) and S-1-5-32-544 (Administrators) in static buffers. */
static PSID World(void)
{
    static ULONG sid[4];
    RtlInitializeSid(sid, &WorldAuthority, 1);
    *RtlSubAuthoritySid(sid, 0) = 0;
    return sid;
}

static PSID Administrators(void)
{
    static ULONG sid[4];
    RtlInitializeSid(sid, &NtAuthority, 2);
    *RtlSubAuthoritySid(sid, 0) = 32;
    *RtlSubAuthoritySid(sid, 1) = 544;
    return sid;
}

static PSID Group(PSECURITY_DESCRIPTOR sd)
{
    PSID sid = NULL;
    BOOLEAN defaulted;
    return RtlGetGroupSecurityDescriptor(sd, &sid, &defaulted) ? NULL : sid;
}

static PSID Owner(PSECURITY_DESCRIPTOR sd)
{
    PSID sid = NULL;
    BOOLEAN defaulted;
    return RtlGetOwnerSecurityDescriptor(sd, &sid, &defaulted) ? NULL : sid;
}

static void TestQuery(void)
{
    ULONG buffer[128], needed = 0;
    HANDLE event, bare;
    PACL dacl = NULL;
    BOOLEAN present = FALSE, defaulted;

    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
    /* The size first, then the descriptor: the token's owner and group, its default DACL. */
    ok_status(NtQuerySecurityObject(event, OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION, NULL, 0, &needed),
              STATUS_BUFFER_TOO_SMALL);
    ok(needed == 20 + 16 + 28, "owner and group take %lu bytes", (unsigned long)needed);
    ok_status(NtQuerySecurityObject(event, OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION, buffer, needed,
                                    &needed),
              STATUS_SUCCESS);
    ok(RtlValidSecurityDescriptor(buffer) && RtlEqualSid(Owner(buffer), Administrators()) && Group(buffer) &&
           RtlLengthSid(Group(buffer)) == 28,
       "a valid self-relative descriptor of the token's owner and group");
    ok_status(RtlGetDaclSecurityDescriptor(buffer, &present, &dacl, &defaulted), STATUS_SUCCESS);
    ok(!present, "no DACL unless asked for");
    ok_status(NtQuerySecurityObject(event, DACL_SECURITY_INFORMATION, buffer, sizeof(buffer), &needed),
              STATUS_SUCCESS);
    ok_status(RtlGetDaclSecurityDescriptor(buffer, &present, &dacl, &defaulted), STATUS_SUCCESS);
    ok(present && dacl && dacl->AceCount == 2 && !Owner(buffer), "the default DACL alone");

    /* Errors: reading takes READ_CONTROL, the size must be writable, the handle an object's. */
    ok_status(NtDuplicateObject(NtCurrentProcess(), event, NtCurrentProcess(), &bare, SYNCHRONIZE, 0, 0),
              STATUS_SUCCESS);
    ok_status(NtQuerySecurityObject(bare, OWNER_SECURITY_INFORMATION, buffer, sizeof(buffer), &needed),
              STATUS_ACCESS_DENIED);
    ok_status(NtQuerySecurityObject(event, OWNER_SECURITY_INFORMATION, buffer, sizeof(buffer), NULL),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtQuerySecurityObject((HANDLE)0xbad0, OWNER_SECURITY_INFORMATION, buffer, sizeof(buffer), &needed),
              STATUS_INVALID_HANDLE);
    ok_status(NtSetSecurityObject(bare, GROUP_SECURITY_INFORMATION, buffer), STATUS_ACCESS_DENIED);
    NtClose(bare);
    NtClose(event);
}

static void TestSetAndCreate(void)
{
    ULONG buffer[128], needed;
    SECURITY_DESCRIPTOR sd;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .SecurityDescriptor = &sd};
    HANDLE event;

    /* A creator's descriptor: its group kept, what it leaves out (the owner) the token's. */
    RtlCreateSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
    RtlSetGroupSecurityDescriptor(&sd, World(), FALSE);
    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, &oa, NotificationEvent, FALSE), STATUS_SUCCESS);
    ok_status(NtQuerySecurityObject(event, OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION, buffer,
                                    sizeof(buffer), &needed),
              STATUS_SUCCESS);
    ok(RtlEqualSid(Group(buffer), World()) && RtlEqualSid(Owner(buffer), Administrators()),
       "the creator's group, the token's owner");

    /* Changed, part by part; a part named but missing is refused. */
    RtlSetGroupSecurityDescriptor(&sd, Administrators(), FALSE);
    ok_status(NtSetSecurityObject(event, GROUP_SECURITY_INFORMATION, &sd), STATUS_SUCCESS);
    ok_status(NtQuerySecurityObject(event, GROUP_SECURITY_INFORMATION, buffer, sizeof(buffer), &needed),
              STATUS_SUCCESS);
    ok(RtlEqualSid(Group(buffer), Administrators()), "the group changed");
    ok_status(NtSetSecurityObject(event, OWNER_SECURITY_INFORMATION, &sd), STATUS_INVALID_OWNER);
    ok_status(NtSetSecurityObject(event, GROUP_SECURITY_INFORMATION, NULL), STATUS_ACCESS_VIOLATION);
    sd.Revision = 7;
    ok_status(NtSetSecurityObject(event, GROUP_SECURITY_INFORMATION, &sd), STATUS_UNKNOWN_REVISION);
    NtClose(event);

    /* A creator's descriptor that is not one fails the creation. */
    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, &oa, NotificationEvent, FALSE), STATUS_UNKNOWN_REVISION);
}

static NTSTATUS CreatePipe(HANDLE *h, PSECURITY_DESCRIPTOR sd)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE,
                            .SecurityDescriptor = sd};
    IO_STATUS_BLOCK iosb;
    LARGE_INTEGER timeout = {.QuadPart = -10000000};

    RtlInitUnicodeString(&name, L"\\??\\PIPE\\veles-objsec");
    return NtCreateNamedPipeFile(h, GENERIC_READ | GENERIC_WRITE | WRITE_OWNER | SYNCHRONIZE, &oa, &iosb,
                                 FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN_IF, FILE_SYNCHRONOUS_IO_NONALERT, 0, 0,
                                 0, 4, 4096, 4096, &timeout);
}

/* A pipe's instances share one descriptor, which only the first gives. Files and keys read as the defaults. */
static void TestPipesFilesKeys(void)
{
    ULONG buffer[128], needed;
    SECURITY_DESCRIPTOR sd;
    HANDLE first, second, key;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};

    RtlCreateSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
    RtlSetGroupSecurityDescriptor(&sd, World(), FALSE);
    ok_status(CreatePipe(&first, &sd), STATUS_SUCCESS);
    ok_status(CreatePipe(&second, NULL), STATUS_SUCCESS);
    ok_status(NtQuerySecurityObject(second, GROUP_SECURITY_INFORMATION, buffer, sizeof(buffer), &needed),
              STATUS_SUCCESS);
    ok(RtlEqualSid(Group(buffer), World()), "the second instance has the first's descriptor");
    RtlSetGroupSecurityDescriptor(&sd, Administrators(), FALSE);
    ok_status(NtSetSecurityObject(first, GROUP_SECURITY_INFORMATION, &sd), STATUS_SUCCESS);
    ok_status(NtQuerySecurityObject(second, GROUP_SECURITY_INFORMATION, buffer, sizeof(buffer), &needed),
              STATUS_SUCCESS);
    ok(RtlEqualSid(Group(buffer), Administrators()), "a change through one is seen through the other");
    ok_status(CreatePipe(&key, &sd), STATUS_ACCESS_DENIED);
    NtClose(first);
    NtClose(second);

    RtlInitUnicodeString(&name, L"\\Registry\\Machine\\Software");
    ok_status(NtOpenKey(&key, KEY_READ | WRITE_DAC, &oa), STATUS_SUCCESS);
    ok_status(NtQuerySecurityObject(key, OWNER_SECURITY_INFORMATION, buffer, sizeof(buffer), &needed),
              STATUS_SUCCESS);
    ok(RtlEqualSid(Owner(buffer), Administrators()), "a key's owner");
    ok_status(NtSetSecurityObject(key, DACL_SECURITY_INFORMATION, &sd), STATUS_NOT_IMPLEMENTED);
    NtClose(key);
}

void RunTests(void)
{
    TestQuery();
    TestSetAndCreate();
    TestPipesFilesKeys();
}
