/* Message tables: RtlFindMessage in a test DLL's RT_MESSAGETABLE resource. */
#include "lib/nttest.h"

static void TestFind(PVOID dll)
{
    MESSAGE_RESOURCE_ENTRY *entry = NULL;

    ok_status(RtlFindMessage(dll, RT_MESSAGETABLE, 0x409, 1, &entry), STATUS_SUCCESS);
    ok(entry && entry->Length == 12 && entry->Flags == 0 && !memcmp(entry->Text, "Ones\r\n", 7),
       "the first message, ANSI");
    ok_status(RtlFindMessage(dll, RT_MESSAGETABLE, 0x409, 2, &entry), STATUS_SUCCESS);
    ok(entry && entry->Flags == MESSAGE_RESOURCE_UNICODE && !memcmp(entry->Text, L"Two\r\n", 12),
       "the second, UTF-16");
    ok_status(RtlFindMessage(dll, RT_MESSAGETABLE, 0, 0x100, &entry), STATUS_SUCCESS);
    ok(entry && !strcmp((const char *)entry->Text, "Hex %1"), "in its own block, any language");
    ok_status(RtlFindMessage(dll, RT_MESSAGETABLE, 0x409, 3, &entry), STATUS_MESSAGE_NOT_FOUND);
    ok_status(RtlFindMessage(dll, RT_MESSAGETABLE, 0x409, 0xff, &entry), STATUS_MESSAGE_NOT_FOUND);
    entry = NULL;
    ok_status(RtlFindMessage(dll, RT_MESSAGETABLE, 0x407, 1, &entry), STATUS_SUCCESS);
    ok(entry && entry->Length == 12, "a language the table lacks falls back to one it has, as resources do");
    ok_status(RtlFindMessage(dll, 12, 0x409, 1, &entry), STATUS_RESOURCE_TYPE_NOT_FOUND);
    ok_status(RtlFindMessage(TestPeb()->ImageBaseAddress, RT_MESSAGETABLE, 0, 1, &entry),
              STATUS_RESOURCE_DATA_NOT_FOUND);
}

void RunTests(void)
{
    UNICODE_STRING name;
    PVOID dll = NULL;

    RtlInitUnicodeString(&name, L"ldrtest_a.dll");
    ok_status(LdrLoadDll(NULL, NULL, &name, &dll), STATUS_SUCCESS);
    if (dll)
        TestFind(dll);
}
