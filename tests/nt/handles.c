/* The handle table and the services about objects: NtDuplicateObject, NtCompareObjects, NtQueryObject,
 * NtSetInformationObject, NtClose, handle values and their reuse. */
#include "lib/nttest.h"

static HANDLE NewEvent(ACCESS_MASK access, ULONG attributes)
{
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .Attributes = attributes};
    HANDLE h = NULL;
    ok_status(NtCreateEvent(&h, access, &oa, NotificationEvent, FALSE), STATUS_SUCCESS);
    return h;
}

static void TestDuplicate(void)
{
    HANDLE e = NewEvent(EVENT_ALL_ACCESS, 0), dup = NULL, weak = NULL, process = NULL;
    OBJECT_BASIC_INFORMATION basic;

    ok_status(NtDuplicateObject(NtCurrentProcess(), e, NtCurrentProcess(), &dup, 0, 0, DUPLICATE_SAME_ACCESS),
              STATUS_SUCCESS);
    ok(dup && dup != e && !((ULONG_PTR)dup & 3), "a new handle %p", dup);
    ok_status(NtCompareObjects(e, dup), STATUS_SUCCESS);
    ok_status(NtSetEvent(dup, NULL), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(e, FALSE, &(LARGE_INTEGER){.QuadPart = 0}), STATUS_WAIT_0);
    ok_status(NtQueryObject(e, ObjectBasicInformation, &basic, sizeof(basic), NULL), STATUS_SUCCESS);
    ok(basic.HandleCount == 2 && basic.GrantedAccess == EVENT_ALL_ACCESS, "two handles: %u, access %x",
       (unsigned)basic.HandleCount, (unsigned)basic.GrantedAccess);

    ok_status(NtDuplicateObject(NtCurrentProcess(), e, NtCurrentProcess(), &weak, SYNCHRONIZE, 0, 0), STATUS_SUCCESS);
    ok_status(NtSetEvent(weak, NULL), STATUS_ACCESS_DENIED);
    ok_status(NtQueryObject(weak, ObjectBasicInformation, &basic, sizeof(basic), NULL), STATUS_SUCCESS);
    ok(basic.GrantedAccess == SYNCHRONIZE, "the access asked for: %x", (unsigned)basic.GrantedAccess);
    NtClose(weak);

    ok_status(NtDuplicateObject(NtCurrentProcess(), NtCurrentProcess(), NtCurrentProcess(), &process,
                                PROCESS_ALL_ACCESS, 0, 0),
              STATUS_SUCCESS);
    ok_status(NtCompareObjects(NtCurrentProcess(), process), STATUS_SUCCESS);
    ok(TestTypeNameIs(process, "Process"), "a real handle to the process");
    NtClose(process);
    ok_status(NtDuplicateObject(NtCurrentProcess(), NtCurrentProcess(), NtCurrentProcess(), NULL, PROCESS_ALL_ACCESS,
                                0, 0),
              STATUS_SUCCESS);
    ok_status(NtDuplicateObject(NtCurrentProcess(), NtCurrentProcess(), NtCurrentProcess(), (PHANDLE)0xdeadbee0,
                                PROCESS_ALL_ACCESS, 0, 0),
              STATUS_ACCESS_VIOLATION);
    process = (HANDLE)0xdeadbeef;
    ok_status(NtDuplicateObject(NtCurrentProcess(), (HANDLE)0xdead, NtCurrentProcess(), &process, PROCESS_ALL_ACCESS,
                                0, 0),
              STATUS_INVALID_HANDLE);
    ok(process == NULL, "the target handle is cleared on failure");
    process = (HANDLE)0xdeadbeef;
    ok_status(NtDuplicateObject(NtCurrentProcess(), NtCurrentProcess(), NtCurrentProcess(), &process, ~0u, 0, 0),
              STATUS_ACCESS_DENIED);
    ok(process == NULL, "nothing given for ~0 access");
    ok_status(NtDuplicateObject(e, e, NtCurrentProcess(), &process, 0, 0, DUPLICATE_SAME_ACCESS),
              STATUS_OBJECT_TYPE_MISMATCH);

    ok_status(NtDuplicateObject(NtCurrentProcess(), dup, NtCurrentProcess(), &weak, 0, 0,
                                DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE),
              STATUS_SUCCESS);
    ok_status(NtClose(dup), STATUS_INVALID_HANDLE);
    ok_status(NtCompareObjects(weak, e), STATUS_SUCCESS);
    NtClose(weak);
    NtClose(e);
}

static void TestCompare(void)
{
    HANDLE a = NewEvent(EVENT_ALL_ACCESS, 0), b = NewEvent(EVENT_ALL_ACCESS, 0);

    ok_status(NtCompareObjects(NtCurrentProcess(), NtCurrentProcess()), STATUS_SUCCESS);
    ok_status(NtCompareObjects(NtCurrentThread(), NtCurrentThread()), STATUS_SUCCESS);
    ok_status(NtCompareObjects(NtCurrentProcess(), NtCurrentThread()), STATUS_NOT_SAME_OBJECT);
    ok_status(NtCompareObjects(a, b), STATUS_NOT_SAME_OBJECT);
    ok_status(NtCompareObjects(a, (HANDLE)0x1234), STATUS_INVALID_HANDLE);
    NtClose(a);
    NtClose(b);
}

static void TestQuery(void)
{
    HANDLE e = NewEvent(EVENT_ALL_ACCESS, OBJ_INHERIT);
    OBJECT_BASIC_INFORMATION basic;
    OBJECT_HANDLE_FLAG_INFORMATION flags = {TRUE, TRUE};
    union {
        UNICODE_STRING name;
        OBJECT_TYPE_INFORMATION type;
        char raw[256];
    } u;
    ULONG len;

    ok_status(NtQueryObject(e, ObjectBasicInformation, NULL, 0, NULL), STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQueryObject(e, ObjectBasicInformation, &basic, 0, NULL), STATUS_INFO_LENGTH_MISMATCH);
    len = 0;
    ok_status(NtQueryObject(e, ObjectBasicInformation, &basic, sizeof(basic), &len), STATUS_SUCCESS);
    ok(len == sizeof(basic) && basic.Attributes == OBJ_INHERIT && basic.HandleCount == 1, "basic: %u %x %u",
       (unsigned)len, (unsigned)basic.Attributes, (unsigned)basic.HandleCount);

    len = 0;
    ok_status(NtQueryObject(e, ObjectNameInformation, &u, 0, &len), STATUS_INFO_LENGTH_MISMATCH);
    ok(len == sizeof(UNICODE_STRING), "name size %u", (unsigned)len);
    ok_status(NtQueryObject(e, ObjectNameInformation, &u, sizeof(u), &len), STATUS_SUCCESS);
    ok(len == sizeof(UNICODE_STRING) && u.name.Length == 0 && u.name.Buffer == NULL, "an unnamed object");

    len = 0;
    ok_status(NtQueryObject(e, ObjectTypeInformation, &u, sizeof(OBJECT_TYPE_INFORMATION), &len),
              STATUS_INFO_LENGTH_MISMATCH);
    ok(len == sizeof(OBJECT_TYPE_INFORMATION) + sizeof(L"Event"), "type size %u", (unsigned)len);
    ok(TestTypeNameIs(e, "Event"), "an event's type");
    ok(TestTypeNameIs(NtCurrentThread(), "Thread"), "a thread's type");
    ok(TestTypeNameIs(NtCurrentProcess(), "Process"), "a process's type");
    ok(TestTypeNameIs(TestPeb()->ProcessParameters->StandardOutput, "File"), "a file's type");
    ok_status(NtQueryObject(e, ObjectTypeInformation, &u, sizeof(u), NULL), STATUS_SUCCESS);
    ok(u.type.ValidAccessMask == EVENT_ALL_ACCESS && u.type.GenericMapping.GenericAll == EVENT_ALL_ACCESS,
       "the type's access rules");

    ok_status(NtQueryObject(e, ObjectHandleFlagInformation, &flags, sizeof(flags), NULL), STATUS_SUCCESS);
    ok(flags.Inherit && !flags.ProtectFromClose, "inheritable, closable");
    flags.ProtectFromClose = TRUE;
    ok_status(NtSetInformationObject(e, ObjectHandleFlagInformation, &flags, sizeof(flags)), STATUS_SUCCESS);
    ok_status(NtClose(e), STATUS_HANDLE_NOT_CLOSABLE);
    ok_status(NtQueryObject(e, ObjectHandleFlagInformation, &flags, sizeof(flags), NULL), STATUS_SUCCESS);
    ok(flags.ProtectFromClose, "protected from close");
    flags.ProtectFromClose = FALSE;
    ok_status(NtSetInformationObject(e, ObjectHandleFlagInformation, &flags, sizeof(flags) + 1),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtSetInformationObject(e, ObjectBasicInformation, &flags, sizeof(flags)), STATUS_INVALID_INFO_CLASS);
    ok_status(NtSetInformationObject(e, ObjectHandleFlagInformation, NULL, sizeof(flags)), STATUS_ACCESS_VIOLATION);
    ok_status(NtSetInformationObject(e, ObjectHandleFlagInformation, &flags, sizeof(flags)), STATUS_SUCCESS);
    ok_status(NtQueryObject(e, 99, &u, sizeof(u), NULL), STATUS_INVALID_INFO_CLASS);
    ok_status(NtQueryObject((HANDLE)0x1234, ObjectBasicInformation, &basic, sizeof(basic), NULL),
              STATUS_INVALID_HANDLE);
    ok_status(NtClose(e), STATUS_SUCCESS);
}

static void TestHandleValues(void)
{
    static HANDLE many[100000];
    HANDLE a = NewEvent(EVENT_ALL_ACCESS, 0), b = NewEvent(EVENT_ALL_ACCESS, 0), c;
    int distinct = 1, created = 0;

    NtClose(a);
    c = NewEvent(EVENT_ALL_ACCESS, 0);
    ok(c == a, "a freed handle value is given again first: %p then %p", a, c);
    NtClose(b);
    NtClose(c);

    for (int i = 0; i < 100000; i++) {
        if (NtCreateEvent(&many[i], EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE))
            break;
        created++;
        if ((ULONG_PTR)many[i] & 3)
            distinct = 0;
    }
    ok(created == 100000 && distinct, "100000 handles, all multiples of 4: %d", created);
    for (int i = 1; i < created; i++)
        if (many[i] == many[i - 1])
            distinct = 0;
    ok(distinct, "and distinct");
    for (int i = 0; i < created; i++)
        if (NtClose(many[i]))
            distinct = 0;
    ok(distinct, "and all closed");
}

/* The process's handles as the system information classes list them, and the types objects are of. */
static void TestHandleLists(void)
{
    static BYTE buffer[65536];
    SYSTEM_HANDLE_INFORMATION *shi = (SYSTEM_HANDLE_INFORMATION *)buffer;
    SYSTEM_HANDLE_INFORMATION_EX *ex = (SYSTEM_HANDLE_INFORMATION_EX *)buffer;
    OBJECT_TYPES_INFORMATION *types = (OBJECT_TYPES_INFORMATION *)buffer;
    HANDLE e = NewEvent(EVENT_ALL_ACCESS, OBJ_INHERIT);
    ULONG len = 0, found = 0, need;

    ok_status(NtQuerySystemInformation(SystemHandleInformation, buffer, sizeof(SYSTEM_HANDLE_INFORMATION), &len),
              STATUS_INFO_LENGTH_MISMATCH);
    need = len;
    ok(need > sizeof(SYSTEM_HANDLE_INFORMATION), "the size told: %u", need);
    ok_status(NtQuerySystemInformation(SystemHandleInformation, buffer, sizeof(buffer), &len), STATUS_SUCCESS);
    ok(len == offsetof(SYSTEM_HANDLE_INFORMATION, Handle) + shi->Count * sizeof(SYSTEM_HANDLE_ENTRY) && shi->Count > 1,
       "every handle: %u", shi->Count);
    for (ULONG i = 0; i < shi->Count; i++)
        if ((HANDLE)(ULONG_PTR)shi->Handle[i].HandleValue == e)
            found = shi->Handle[i].HandleFlags == OBJ_INHERIT && shi->Handle[i].AccessMask == EVENT_ALL_ACCESS &&
                    shi->Handle[i].OwnerPid == (ULONG)(ULONG_PTR)NtCurrentTeb()->ClientId.UniqueProcess &&
                    shi->Handle[i].ObjectType >= 2;
    ok(found, "the event's handle, its attributes and access");
    ok_status(NtQuerySystemInformation(SystemExtendedHandleInformation, buffer, sizeof(buffer), &len),
              STATUS_SUCCESS);
    found = 0;
    for (ULONG i = 0; i < ex->NumberOfHandles; i++)
        found |= (HANDLE)ex->Handles[i].HandleValue == e && ex->Handles[i].HandleAttributes == OBJ_INHERIT;
    ok(found && len == offsetof(SYSTEM_HANDLE_INFORMATION_EX, Handles) +
                           ex->NumberOfHandles * sizeof(SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX),
       "the extended form too");
    ok_status(NtQuerySystemInformation(SystemExtendedHandleInformation, NULL, 64, &len), STATUS_ACCESS_VIOLATION);
    NtClose(e);

    ok_status(NtQueryObject(NULL, ObjectTypesInformation, buffer, 8, &len), STATUS_INFO_LENGTH_MISMATCH);
    need = len;
    ok_status(NtQueryObject(NULL, ObjectTypesInformation, buffer, need, &len), STATUS_SUCCESS);
    found = 0;
    {
        OBJECT_TYPE_INFORMATION *type = (OBJECT_TYPE_INFORMATION *)(buffer + 8);
        for (ULONG i = 0; i < types->NumberOfTypes; i++) {
            found |= TestStrEqualW(type->TypeName.Buffer, "Event", type->TypeName.Length / 2) &&
                     type->ValidAccessMask == EVENT_ALL_ACCESS;
            /* The types' own type comes first, with Windows' index 2; the indexes follow the order. */
            if (!i)
                ok(TestStrEqualW(type->TypeName.Buffer, "Type", 4) && type->TypeIndex == 2 &&
                       type->ValidAccessMask == (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 1) &&
                       type->GenericMapping.GenericAll == (STANDARD_RIGHTS_REQUIRED | 1),
                   "the first type is Type (index %u, access %#x)", type->TypeIndex, type->ValidAccessMask);
            ok(type->TypeIndex == i + 2, "type %u has index %u", i, type->TypeIndex);
            type = (OBJECT_TYPE_INFORMATION *)(((ULONG_PTR)type->TypeName.Buffer + type->TypeName.MaximumLength + 7) &
                                               ~(ULONG_PTR)7);
        }
    }
    ok(len == need && found, "the types, the event's among them: %u", types->NumberOfTypes);
}

void RunTests(void)
{
    TestHandleLists();
    TestDuplicate();
    TestCompare();
    TestQuery();
    TestHandleValues();
}
