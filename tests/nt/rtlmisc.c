/* Bitmaps, numbers as text, the machines the system runs, calendar times, a thread's last error and error mode,
 * and the version, with the answers Windows gives at the edges. */
#include "lib/nttest.h"

static void TestBitmaps(void)
{
    ULONG buffer[3] = {0x060F874D, 0x3F303F30, 0};
    RTL_BITMAP bm;

    /* Windows' answers for these patterns, as ReactOS' conformance tests record them. */
    RtlInitializeBitMap(&bm, buffer, 0);
    ok(RtlFindClearBits(&bm, 0, 3) == 0 && RtlFindClearBits(&bm, 1, 0) == ~0u, "an empty map finds nothing");
    RtlInitializeBitMap(&bm, buffer, 8);
    ok(RtlFindClearBits(&bm, 1, 0) == 1 && RtlFindClearBits(&bm, 1, 2) == 4 && RtlFindClearBits(&bm, 2, 0) == 4 &&
           RtlFindClearBits(&bm, 3, 0) == ~0u,
       "clear runs in 8 bits: %u %u %u", RtlFindClearBits(&bm, 1, 0), RtlFindClearBits(&bm, 1, 2),
       RtlFindClearBits(&bm, 2, 0));
    RtlInitializeBitMap(&bm, buffer, 32);
    ok(RtlFindClearBits(&bm, 0, 21) == 16 && RtlFindClearBits(&bm, 0, 12) == 8 && RtlFindClearBits(&bm, 0, 31) == 24 &&
           RtlFindClearBits(&bm, 0, 32) == 0,
       "finding no bits answers the hint's byte");

    buffer[0] = 0xF9F078B2;
    RtlInitializeBitMap(&bm, buffer, 8);
    ok(RtlFindSetBitsAndClear(&bm, 1, 0) == 1 && buffer[0] == 0xf9f078b0, "set bit 1 found and cleared");
    ok(RtlFindSetBitsAndClear(&bm, 1, 1) == 4 && buffer[0] == 0xf9f078a0, "then bit 4");
    ok(RtlFindSetBitsAndClear(&bm, 2, 0) == ~0u && buffer[0] == 0xf9f078a0, "no run of two within 8 bits");
    buffer[0] = 0xF9F078B2;
    RtlInitializeBitMap(&bm, buffer, 32);
    ok(RtlFindSetBitsAndClear(&bm, 4, 0) == 11 && buffer[0] == 0xf9f000b2, "four set bits from 11");
    ok(RtlFindSetBitsAndClear(&bm, 4, 30) == 20 && buffer[0] == 0xf90000b2, "wrapping past the end to the start");

    /* Setting and clearing all bits works in whole ULONGs, as Windows does. */
    buffer[0] = 0, buffer[1] = 0x12345678;
    RtlInitializeBitMap(&bm, buffer, 1);
    RtlSetAllBits(&bm);
    ok(buffer[0] == 0xffffffff && buffer[1] == 0x12345678, "all of one bit's ULONG set: %x", buffer[0]);
    RtlClearAllBits(&bm);
    ok(buffer[0] == 0 && buffer[1] == 0x12345678, "and cleared");

    RtlInitializeBitMap(&bm, buffer, 70);
    RtlClearAllBits(&bm);
    ok(RtlNumberOfSetBits(&bm) == 0 && RtlNumberOfClearBits(&bm) == 70, "all clear");
    RtlSetBits(&bm, 30, 36);
    ok(buffer[0] == 0xc0000000 && buffer[1] == 0xffffffff && buffer[2] == 0x3, "a run across words: %x %x %x",
       buffer[0], buffer[1], buffer[2]);
    ok(RtlAreBitsSet(&bm, 30, 36) && !RtlAreBitsSet(&bm, 29, 2) && RtlAreBitsClear(&bm, 0, 30) &&
           RtlAreBitsClear(&bm, 66, 4),
       "ranges tested");
    ok(!RtlAreBitsClear(&bm, 66, 5) && !RtlAreBitsSet(&bm, 30, 0) && !RtlAreBitsClear(&bm, 70, 1),
       "ranges outside the map, or empty, are neither");
    ok(RtlTestBit(&bm, 65) && !RtlTestBit(&bm, 66) && !RtlTestBit(&bm, 1000), "single bits");
    ok(RtlFindSetBits(&bm, 36, 0) == 30 && RtlFindSetBits(&bm, 37, 0) == ~0u && RtlFindSetBits(&bm, 2, 64) == 64,
       "set runs found, from the hint");
    ok(RtlFindClearBitsAndSet(&bm, 8, 40) == 0 && RtlNumberOfSetBits(&bm) == 44, "a clear run found and set");
    RtlClearBits(&bm, 31, 34);
    ok(RtlNumberOfSetBits(&bm) == 10 && buffer[1] == 0 && buffer[2] == 0x2, "cleared across words");
    buffer[2] = 0xfffffff0; /* bits 68 and 69 are in the map; those past its size do not count */
    ok(RtlNumberOfSetBits(&bm) == 11 && RtlNumberOfClearBits(&bm) == 59, "counted within the size only: %u",
       RtlNumberOfSetBits(&bm));
    RtlSetAllBits(&bm);
    ok(RtlNumberOfClearBits(&bm) == 0 && RtlFindClearBits(&bm, 1, 0) == ~0u, "all set: nothing clear");
}

/* Runs of bits: the next one from an index, the first or the longest few, the longest; single bits of a 64-bit
 * value. */
static void TestBitmapRuns(void)
{
    ULONG buffer[64], start = 99, count;
    RTL_BITMAP_RUN runs[4];
    RTL_BITMAP bm;

    RtlInitializeBitMap(&bm, buffer, sizeof(buffer) * 8);
    RtlClearAllBits(&bm);
    ok(RtlFindSetRuns(&bm, runs, 4, TRUE) == 0 && RtlFindLongestRunSet(&bm, &start) == 0, "no set runs");
    RtlSetBits(&bm, 7, 19);
    RtlSetBits(&bm, 101, 3);
    RtlSetBits(&bm, 1877, 33);
    memset(runs, 0, sizeof(runs));
    count = RtlFindSetRuns(&bm, runs, 2, FALSE);
    ok(count == 2 && runs[0].StartingIndex == 7 && runs[0].NumberOfBits == 19 && runs[1].StartingIndex == 101 &&
           runs[1].NumberOfBits == 3 && !runs[2].StartingIndex,
       "the first two runs, in order: %u at %u, %u at %u", runs[0].NumberOfBits, runs[0].StartingIndex,
       runs[1].NumberOfBits, runs[1].StartingIndex);
    count = RtlFindSetRuns(&bm, runs, 2, TRUE);
    ok(count == 2 && runs[0].NumberOfBits + runs[1].NumberOfBits == 19 + 33 &&
           (runs[0].StartingIndex == 1877 || runs[1].StartingIndex == 1877),
       "the two longest");
    ok(RtlFindSetRuns(&bm, runs, 4, TRUE) == 3, "all three");
    ok(RtlFindLongestRunSet(&bm, &start) == 33 && start == 1877, "the longest: %u at %u", count, start);
    ok(RtlFindNextForwardRunSet(&bm, 10, &start) == 16 && start == 10, "from inside a run: the rest of it");
    ok(RtlFindNextForwardRunSet(&bm, 26, &start) == 3 && start == 101, "from a gap: the next run");
    ok(RtlFindNextForwardRunSet(&bm, 1910, &start) == 0, "none after the last");
    ok(RtlFindNextForwardRunClear(&bm, 0, &start) == 7 && start == 0, "a clear run from 0");
    ok(RtlFindLongestRunClear(&bm, &start) == 1877 - 104 && start == 104, "the longest clear run: %u", start);
    RtlSetAllBits(&bm);
    ok(RtlFindClearRuns(&bm, runs, 4, TRUE) == 0 && RtlFindLongestRunClear(&bm, &start) == 0, "no clear runs");

    ok(RtlFindMostSignificantBit(0) == -1 && RtlFindLeastSignificantBit(0) == -1, "no bit in 0");
    ok(RtlFindMostSignificantBit(0x8000000000000001ull) == 63 && RtlFindLeastSignificantBit(0x8000000000000001ull) == 0,
       "the highest and lowest of two");
    ok(RtlFindMostSignificantBit(0x30) == 5 && RtlFindLeastSignificantBit(0x30) == 4, "of 0x30");
}

/* Integers as text, as Wine's tests record Windows writing them: upper-case digits, a terminator only where there
 * is room, nothing written when the digits do not fit. */
static void TestNumbers(void)
{
    char text[16];
    WCHAR wide[12];
    UNICODE_STRING us = {0, sizeof(wide), wide};
    ULONGLONG big = 0xfedcba9876543210ull;

    memset(text, '-', sizeof(text));
    ok_status(RtlIntegerToChar(0xffffffff, 16, 9, text), STATUS_SUCCESS);
    ok(!memcmp(text, "FFFFFFFF\0-", 10), "hexadecimal, terminated: %s", text);
    memset(text, '-', sizeof(text));
    ok_status(RtlIntegerToChar(0xffffffff, 16, 8, text), STATUS_SUCCESS);
    ok(!memcmp(text, "FFFFFFFF-", 9), "exactly the digits: no terminator");
    memset(text, '-', sizeof(text));
    ok_status(RtlIntegerToChar(0xffffffff, 16, 7, text), STATUS_BUFFER_OVERFLOW);
    ok(text[0] == '-', "nothing written when the digits do not fit");
    ok_status(RtlIntegerToChar(123, 0, 11, text), STATUS_SUCCESS);
    ok(!strcmp(text, "123"), "base 0 is 10");
    ok_status(RtlIntegerToChar(10, 2, 11, text), STATUS_SUCCESS);
    ok(!strcmp(text, "1010"), "binary");
    ok_status(RtlIntegerToChar(07654321, 8, 11, text), STATUS_SUCCESS);
    ok(!strcmp(text, "7654321"), "octal");
    ok_status(RtlIntegerToChar(1, 20, 11, text), STATUS_INVALID_PARAMETER);
    ok_status(RtlIntegerToChar(1, 20, 0, NULL), STATUS_INVALID_PARAMETER);
    ok_status(RtlIntegerToChar(1, 10, 0, NULL), STATUS_BUFFER_OVERFLOW);
    ok_status(RtlIntegerToChar(1, 10, 11, NULL), STATUS_ACCESS_VIOLATION);

    ok_status(RtlLargeIntegerToChar(&big, 16, sizeof(text), text), STATUS_SUCCESS);
    ok(!strcmp(text, "FEDCBA9876543210"), "64 bits: %s", text);
    ok_status(RtlLargeIntegerToChar(&big, 10, sizeof(text), text), STATUS_BUFFER_OVERFLOW);
    ok_status(RtlLargeIntegerToChar(NULL, 3, sizeof(text), text), STATUS_INVALID_PARAMETER); /* base first */

    ok_status(RtlIntegerToUnicodeString(4294967295u, 10, &us), STATUS_SUCCESS);
    ok(us.Length == 20 && TestStrEqualW(us.Buffer, "4294967295", 10) && !us.Buffer[10], "as a counted string, terminated");
    us.MaximumLength = 20;
    ok_status(RtlIntegerToUnicodeString(4294967295u, 10, &us), STATUS_BUFFER_OVERFLOW);
    ok(us.Length == 20, "without room for the terminator it does not fit, and says how long it is");
    us.MaximumLength = sizeof(wide);
    ok_status(RtlInt64ToUnicodeString(0x123456789ull, 16, &us), STATUS_SUCCESS);
    ok(us.Length == 18 && TestStrEqualW(us.Buffer, "123456789", 9), "64 bits as a counted string");
    ok_status(RtlInt64ToUnicodeString(1, 7, &us), STATUS_INVALID_PARAMETER);

    /* Division by 3 as a multiplication by 2^65 / 3, and the sign kept. */
    ok(RtlExtendedMagicDivide(333333333, 0xaaaaaaaaaaaaa800ll, 1) == 111111110, "magic division");
    ok(RtlExtendedMagicDivide(-333333333, 0xaaaaaaaaaaaaa800ll, 1) == -111111110, "of a negative dividend");
    ok(RtlUshortByteSwap(0x1234) == 0x3412 && RtlUlongByteSwap(0x12345678) == 0x78563412 &&
           RtlUlonglongByteSwap(0x0102030405060708ull) == 0x0807060504030201ull,
       "byte swaps");
}

/* The machines this system runs: x86-64 alone, which is native and this process's own; no WOW64. */
static void TestMachines(void)
{
    HANDLE process = NtCurrentProcess();
    ULONG machines[8], length = 0;
    USHORT current = 0xdead, native = 0xbeef;
    BOOLEAN supported = 0xcc;
    SYSTEM_BASIC_INFORMATION basic, native_basic;

    ok_status(NtQuerySystemInformationEx(SystemSupportedProcessorArchitectures, &process, sizeof(process), machines,
                                         sizeof(machines), &length),
              STATUS_SUCCESS);
    ok(length == 8 && machines[0] == (0x8664 | 0xf0000) && !machines[1], "amd64, native and ours: %x (%u bytes)",
       machines[0], length);
    process = NULL;
    ok_status(NtQuerySystemInformationEx(SystemSupportedProcessorArchitectures, &process, sizeof(process), machines,
                                         sizeof(machines), &length),
              STATUS_SUCCESS);
    ok(machines[0] == (0x8664 | 0x70000), "no process: not flagged as its own (%x)", machines[0]);
    ok_status(NtQuerySystemInformationEx(SystemSupportedProcessorArchitectures, &process, sizeof(process), machines,
                                         4, &length),
              STATUS_BUFFER_TOO_SMALL);
    ok(length == 8, "the size it needs: %u", length);
    process = (HANDLE)0xdeadbeef;
    ok_status(NtQuerySystemInformationEx(SystemSupportedProcessorArchitectures, &process, sizeof(process), machines,
                                         sizeof(machines), &length),
              STATUS_INVALID_HANDLE);
    ok_status(NtQuerySystemInformationEx(SystemSupportedProcessorArchitectures, &process, 3, machines,
                                         sizeof(machines), &length),
              STATUS_INVALID_PARAMETER);
    ok_status(NtQuerySystemInformationEx(SystemSupportedProcessorArchitectures, NULL, 0, machines, sizeof(machines),
                                         &length),
              STATUS_INVALID_PARAMETER);
    ok_status(NtQuerySystemInformationEx((SYSTEM_INFORMATION_CLASS)0x1000, &process, sizeof(process), machines,
                                         sizeof(machines), &length),
              STATUS_INVALID_INFO_CLASS);

    ok_status(RtlWow64GetProcessMachines(NtCurrentProcess(), &current, &native), STATUS_SUCCESS);
    ok(current == 0 && native == 0x8664, "no WOW64 process: %x on %x", current, native);
    ok(RtlWow64GetCurrentMachine() == 0x8664, "the current machine");
    ok_status(RtlWow64IsWowGuestMachineSupported(0x14c, &supported), STATUS_SUCCESS);
    ok(!supported, "i386 guests are not run");
    ok_status(RtlGetNativeSystemInformation(SystemBasicInformation, &native_basic, sizeof(native_basic), NULL),
              STATUS_SUCCESS);
    ok_status(NtQuerySystemInformation(SystemBasicInformation, &basic, sizeof(basic), NULL), STATUS_SUCCESS);
    ok(!memcmp(&basic, &native_basic, sizeof(basic)), "the native system's information is the system's");
}

static BOOLEAN FieldsAre(const TIME_FIELDS *f, int y, int mo, int d, int h, int mi, int s, int ms, int wd)
{
    return f->Year == y && f->Month == mo && f->Day == d && f->Hour == h && f->Minute == mi && f->Second == s &&
           f->Milliseconds == ms && f->Weekday == wd;
}

static void TestTimes(void)
{
    LARGE_INTEGER t = {.QuadPart = 0}, back;
    TIME_FIELDS f;
    ULONG seconds;
    BOOLEAN round_trip = TRUE;

    RtlTimeToTimeFields(&t, &f);
    ok(FieldsAre(&f, 1601, 1, 1, 0, 0, 0, 0, 1), "time 0 is Monday 1 January 1601");
    t.QuadPart = 116444736000000000LL + 10000000LL * 951782400 + 12345678; /* 2000-02-29 00:00:01.234 */
    RtlTimeToTimeFields(&t, &f);
    ok(FieldsAre(&f, 2000, 2, 29, 0, 0, 1, 234, 2), "a leap day: %d-%d-%d %d", f.Year, f.Month, f.Day, f.Weekday);
    t.QuadPart = 116444736000000000LL + 10000000LL * 4102444799LL; /* 2099-12-31 23:59:59 */
    RtlTimeToTimeFields(&t, &f);
    ok(FieldsAre(&f, 2099, 12, 31, 23, 59, 59, 0, 4), "the last second of 2099, a Thursday");
    ok(RtlTimeFieldsToTime(&f, &back) && back.QuadPart == t.QuadPart, "and back");

    /* Every day for 1200 years, in steps, round trips. */
    for (LONGLONG day = 0; day < 1200 * 366; day += 13) {
        t.QuadPart = day * 864000000000LL + 37 * 10000000LL;
        RtlTimeToTimeFields(&t, &f);
        round_trip &= RtlTimeFieldsToTime(&f, &back) && back.QuadPart == t.QuadPart;
    }
    ok(round_trip, "fields and times agree for 1200 years");

    f = (TIME_FIELDS){2023, 2, 29, 0, 0, 0, 0, 0};
    ok(!RtlTimeFieldsToTime(&f, &back), "29 February 2023 does not exist");
    f = (TIME_FIELDS){1600, 12, 31, 0, 0, 0, 0, 0};
    ok(!RtlTimeFieldsToTime(&f, &back), "nor does anything before 1601");
    f = (TIME_FIELDS){2000, 13, 1, 0, 0, 0, 0, 0};
    ok(!RtlTimeFieldsToTime(&f, &back), "nor month 13");
    f = (TIME_FIELDS){2000, 1, 1, 24, 0, 0, 0, 0};
    ok(!RtlTimeFieldsToTime(&f, &back), "nor hour 24");
    f = (TIME_FIELDS){2000, 1, 1, 0, 0, 0, 1000, 0};
    ok(!RtlTimeFieldsToTime(&f, &back), "nor 1000 ms");

    RtlSecondsSince1970ToTime(86400, &t);
    ok(t.QuadPart == 116444736000000000LL + 864000000000LL, "1970 seconds to time");
    ok(RtlTimeToSecondsSince1970(&t, &seconds) && seconds == 86400, "and back");
    ok(RtlTimeToSecondsSince1980(&t, &seconds) == FALSE, "1970 is before 1980");
    RtlSecondsSince1980ToTime(60, &back);
    ok(RtlTimeToSecondsSince1980(&back, &seconds) && seconds == 60 && RtlTimeToSecondsSince1970(&back, &seconds) &&
           seconds == 315532860,
       "1980 seconds to time and back: %u", seconds);
    t.QuadPart = 116444736000000000LL - 1;
    ok(!RtlTimeToSecondsSince1970(&t, &seconds), "before 1970: FALSE");
    t.QuadPart = 116444736000000000LL + 10000000LL * 0x100000000LL;
    ok(!RtlTimeToSecondsSince1970(&t, &seconds), "past 2106: FALSE");

    t.QuadPart = RtlGetSystemTimePrecise();
    RtlTimeToTimeFields(&t, &f);
    ok(f.Year >= 2024 && f.Year < 2200, "the precise system time is today's: %d", f.Year);
}

static void TestThreadErrors(void)
{
    ULONG old = 0xdead;

    RtlSetLastWin32Error(1234);
    ok(RtlGetLastWin32Error() == 1234 && NtCurrentTeb()->LastErrorValue == 1234, "the last error is the TEB's");
    RtlRestoreLastWin32Error(5);
    ok(RtlGetLastWin32Error() == 5, "restored");
    NtCurrentTeb()->LastStatusValue = STATUS_ACCESS_DENIED;
    ok(RtlGetLastNtStatus() == STATUS_ACCESS_DENIED, "the last status is the TEB's");

    ok_status(RtlSetThreadErrorMode(RTL_SEM_FAILCRITICALERRORS | RTL_SEM_NOGPFAULTERRORBOX, &old), STATUS_SUCCESS);
    ok(old == 0 && RtlGetThreadErrorMode() == 0x30, "error mode set: was %x", old);
    ok_status(RtlSetThreadErrorMode(0x80, &old), STATUS_INVALID_PARAMETER_1);
    ok(RtlGetThreadErrorMode() == 0x30, "an unknown mode changes nothing");
    ok_status(RtlSetThreadErrorMode(0, NULL), STATUS_SUCCESS);
    ok(RtlGetThreadErrorMode() == 0, "cleared, without asking for the old mode");
}

static void TestVersion(void)
{
    RTL_OSVERSIONINFOEXW v;

    ok(RtlGetCurrentPeb() == TestPeb(), "RtlGetCurrentPeb");
    memset(&v, 0xcc, sizeof(v));
    v.dwOSVersionInfoSize = RTL_OSVERSIONINFOW_SIZE;
    ok_status(RtlGetVersion(&v), STATUS_SUCCESS);
    ok(v.dwMajorVersion == 10 && v.dwMinorVersion == 0 && v.dwBuildNumber == 19045 && v.dwPlatformId == 2 &&
           v.szCSDVersion[0] == 0,
       "Windows 10 22H2: %u.%u.%u", v.dwMajorVersion, v.dwMinorVersion, v.dwBuildNumber);
    ok(v.wServicePackMajor == 0xcccc && v.wProductType == 0xcc, "the short form's caller gets no EX fields");
    v.dwOSVersionInfoSize = sizeof(v);
    ok_status(RtlGetVersion(&v), STATUS_SUCCESS);
    ok(v.wServicePackMajor == 0 && v.wServicePackMinor == 0 && v.wProductType == VER_NT_WORKSTATION &&
           v.wSuiteMask == VER_SUITE_SINGLEUSERTS,
       "the EX fields: a workstation");
}

static void TestImages(void)
{
    PVOID base = TestPeb()->ImageBaseAddress, found = (PVOID)1;
    PIMAGE_NT_HEADERS64 nt = RtlImageNtHeader(base);
    const IMAGE_SECTION_HEADER *section;
    BYTE junk[256] = {'M', 'Z'};
    ULONG size = 0, rva;
    BYTE *data;

    ok(nt && nt->Signature == IMAGE_NT_SIGNATURE && nt->OptionalHeader.ImageBase == (ULONG64)base,
       "the program's NT headers");
    ok(!RtlImageNtHeader(junk) && !RtlImageNtHeader(NULL), "none where there is no PE image");
    rva = nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXCEPTION].VirtualAddress;
    data = RtlImageDirectoryEntryToData(base, TRUE, IMAGE_DIRECTORY_ENTRY_EXCEPTION, &size);
    ok(data == (BYTE *)base + rva && size == nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXCEPTION].Size,
       "a directory of a mapped image");
    section = ImageFirstSection(nt);
    while (!(rva >= section->VirtualAddress && rva < section->VirtualAddress + section->SizeOfRawData))
        section++;
    ok(RtlImageDirectoryEntryToData((PVOID)((ULONG_PTR)base | 1), TRUE, IMAGE_DIRECTORY_ENTRY_EXCEPTION, &size) ==
           (BYTE *)base + section->PointerToRawData + (rva - section->VirtualAddress),
       "read as a flat file, through its section");
    ok(!RtlImageDirectoryEntryToData(base, TRUE, IMAGE_NUMBEROF_DIRECTORY_ENTRIES, &size),
       "no directory past the last");
    ok(RtlPcToFileHeader((PVOID)TestImages, &found) == base && found == base, "code's image");
    ok(!RtlPcToFileHeader((PVOID)0x7ffe0000, &found) && !found, "no image at KUSER_SHARED_DATA");

    /* One block of base relocations applied by hand, as a packer's own loader does. */
    {
        ULONG64 page[4] = {0x1000, 0x2000, 0x30004000, 0};
        USHORT entries[] = {IMAGE_REL_BASED_DIR64 << 12 | 0, IMAGE_REL_BASED_ABSOLUTE << 12,
                            IMAGE_REL_BASED_HIGHLOW << 12 | 16, IMAGE_REL_BASED_LOW << 12 | 8,
                            IMAGE_REL_BASED_HIGH << 12 | 20};
        USHORT bad[] = {IMAGE_REL_BASED_DIR64 << 12 | 24, 7 << 12 | 0};
        ok(LdrProcessRelocationBlock((ULONG_PTR)page, 5, entries, 0x10010) == (IMAGE_BASE_RELOCATION *)(entries + 5),
           "past the block");
        ok(page[0] == 0x11010 && (ULONG)page[2] == 0x30004000 + 0x10010 && (USHORT)page[1] == 0x2010 &&
               (USHORT)(page[2] >> 32) == 1,
           "64-bit, 32-bit, low and high halves moved: %llx %llx %llx", page[0], page[1], page[2]);
        ok(!LdrProcessRelocationBlock((ULONG_PTR)page, 2, bad, 0x10) && page[3] == 0x10,
           "stopped at a type that is not x64's, after what came before");
    }
}

static void TestProcessMisc(void)
{
    BOOLEAN same = TRUE;
    PRTL_CRITICAL_SECTION lock = TestPeb()->FastPebLock;

    RtlAcquirePebLock();
    ok(lock && lock->OwningThread == NtCurrentTeb()->ClientId.UniqueThread, "the PEB lock is held");
    RtlReleasePebLock();
    ok(lock->LockCount == -1 && !lock->OwningThread, "and released");
    for (ULONG i = 0; i < PROCESSOR_FEATURE_MAX; i++)
        same &= RtlIsProcessorFeaturePresent(i) == KiUserSharedData()->ProcessorFeatures[i];
    ok(same && !RtlIsProcessorFeaturePresent(PROCESSOR_FEATURE_MAX), "processor features as KUSER_SHARED_DATA has them");
    ok(RtlIsProcessorFeaturePresent(10), "SSE2, on every x86-64");
}

static void Md4(const char *text, const char *hex)
{
    MD4_CTX ctx;
    char got[33];
    SIZE_T n = strlen(text);

    MD4Init(&ctx);
    /* In two pieces, to cross the block boundary on long inputs. */
    MD4Update(&ctx, (const UCHAR *)text, (unsigned)(n / 2));
    MD4Update(&ctx, (const UCHAR *)text + n / 2, (unsigned)(n - n / 2));
    MD4Final(&ctx);
    for (int i = 0; i < 16; i++)
        _snprintf(got + 2 * i, 3, "%02x", ctx.digest[i]);
    ok(!strcmp(got, hex), "MD4(\"%s\") = %s", text, got);
}

static void Md5(const char *text, const char *hex)
{
    MD5_CTX ctx;
    char got[33];
    SIZE_T n = strlen(text);

    MD5Init(&ctx);
    MD5Update(&ctx, (const UCHAR *)text, (unsigned)(n / 2));
    MD5Update(&ctx, (const UCHAR *)text + n / 2, (unsigned)(n - n / 2));
    MD5Final(&ctx);
    for (int i = 0; i < 16; i++)
        _snprintf(got + 2 * i, 3, "%02x", ctx.digest[i]);
    ok(!strcmp(got, hex), "MD5(\"%s\") = %s", text, got);
}

static void Sha1(const char *text, ULONG repeat, const char *hex)
{
    A_SHA_CTX ctx;
    ULONG digest[5];
    char got[41];

    A_SHAInit(&ctx);
    for (ULONG r = 0; r < repeat; r++)
        A_SHAUpdate(&ctx, (const UCHAR *)text, (unsigned)strlen(text));
    A_SHAFinal(&ctx, digest);
    for (int i = 0; i < 20; i++)
        _snprintf(got + 2 * i, 3, "%02x", ((UCHAR *)digest)[i]);
    ok(!strcmp(got, hex), "SHA-1(\"%s\" x %u) = %s", text, repeat, got);
}

static void TestSmallThings(void)
{
    ULONG seed = 0, product = 0;
    USHORT current = 9, native = 0;
    UNICODE_STRING us;
    GUID guid;
    CONTEXT a, b;
    BOOLEAN in_schema, present;

    /* RFC 1320's test vectors. */
    Md4("", "31d6cfe0d16ae931b73c59d7e0c089c0");
    Md4("abc", "a448017aaf21d8525fc10ae87aa6729d");
    Md4("message digest", "d9130a8164549fe818874806e1c7014b");
    Md4("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
        "e33b4ddc9c38f2199c3e7b164fcc0536");
    /* RFC 1321's and FIPS 180's. */
    Md5("", "d41d8cd98f00b204e9800998ecf8427e");
    Md5("abc", "900150983cd24fb0d6963f7d28e17f72");
    Md5("message digest", "f96b697d7cb7938d525a2f31aaf161d0");
    Md5("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
        "57edf4a22be3c955ac49da2e2107b67a");
    Sha1("", 1, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    Sha1("abc", 1, "a9993e364706816aba3e25717850c26c9cd0d89d");
    Sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    Sha1("aaaaaaaaaa", 100000, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");

    ok(RtlUniform(&seed) == 0x7fffffc3 && seed == 0x7fffffc3, "RtlUniform's first step from 0");
    ok(RtlGetProductInfo(10, 0, 0, 0, &product) && product == 0x30, "a Professional edition");
    ok_status(RtlWow64GetProcessMachines(NtCurrentProcess(), &current, &native), STATUS_SUCCESS);
    ok(current == 0 && native == 0x8664, "not under WOW64, on x86-64");
    ok_status(RtlWow64EnableFsRedirection(FALSE), STATUS_NOT_IMPLEMENTED);

    RtlInitUnicodeString(&us, L"{12345678-9abc-DEF0-0102-030405060708}");
    ok_status(RtlGUIDFromString(&us, &guid), STATUS_SUCCESS);
    ok(guid.Data1 == 0x12345678 && guid.Data2 == 0x9abc && guid.Data3 == 0xdef0 && guid.Data4[0] == 1 &&
       guid.Data4[7] == 8, "a GUID from its text");
    RtlInitUnicodeString(&us, L"{12345678-9abc-DEF0-0102-03040506070g}");
    ok_status(RtlGUIDFromString(&us, &guid), STATUS_INVALID_PARAMETER);
    RtlInitUnicodeString(&us, L"12345678-9abc-DEF0-0102-030405060708");
    ok_status(RtlGUIDFromString(&us, &guid), STATUS_INVALID_PARAMETER);

    memset(&a, 0x11, sizeof(a));
    memset(&b, 0x22, sizeof(b));
    a.ContextFlags = CONTEXT_ALL;
    b.ContextFlags = CONTEXT_CONTROL;
    ok_status(RtlCopyContext(&b, CONTEXT_INTEGER, &a), STATUS_SUCCESS);
    ok(b.Rax == 0x1111111111111111ull && b.R15 == a.R15 && b.Rsp == 0x2222222222222222ull &&
       b.Rip == 0x2222222222222222ull && b.ContextFlags == (CONTEXT_CONTROL | CONTEXT_INTEGER),
       "the integer registers, not rsp");
    ok(NtGetTickCount() > 0 && NtGetTickCount() - (ULONG)(KiUserSharedData()->TickCountQuad) < 1000,
       "the tick count in milliseconds");

    RtlInitUnicodeString(&us, L"api-ms-win-core-rtlsupport-l1-1-0");
    ok_status(ApiSetQueryApiSetPresenceEx(&us, &in_schema, &present), STATUS_SUCCESS);
    ok(in_schema && present, "an API set the schema has");
    RtlInitUnicodeString(&us, L"api-ms-win-veles-none-l1-1-0");
    ok_status(ApiSetQueryApiSetPresenceEx(&us, &in_schema, &present), STATUS_SUCCESS);
    ok(!in_schema && !present, "and one it has not");
}

static SLIST_HEADER Stack;
static SLIST_ENTRY Entries[2][64];

/* Takes entries off and puts them back: each entry is in the list at most once, whoever holds it. */
static ULONG NTAPI SListWorker(PVOID arg)
{
    for (int round = 0; round < 100000; round++) {
        PSLIST_ENTRY e = RtlInterlockedPopEntrySList(&Stack);
        if (e)
            RtlInterlockedPushEntrySList(&Stack, e);
    }
    return 0;
}

static void TestInterlockedAndEncoded(void)
{
    SLIST_ENTRY *a = &Entries[0][0], *b = &Entries[0][1], *c = &Entries[0][2];
    HANDLE threads[2];
    PVOID p = (PVOID)0x12345678abcdull;
    LARGE_INTEGER counter, counter2, frequency;
    ULONGLONG interrupt = 0;
    PROCESSOR_NUMBER number;
    ULONG64 rax = 0;

    RtlInitializeSListHead(&Stack);
    ok(!RtlFirstEntrySList(&Stack) && RtlQueryDepthSList(&Stack) == 0, "an empty list");
    ok(RtlInterlockedPushEntrySList(&Stack, a) == NULL && RtlInterlockedPushEntrySList(&Stack, b) == a, "push");
    RtlInterlockedPushEntrySList(&Stack, c);
    ok(RtlQueryDepthSList(&Stack) == 3 && RtlFirstEntrySList(&Stack) == c, "depth 3, last pushed first");
    ok(RtlInterlockedPopEntrySList(&Stack) == c && RtlQueryDepthSList(&Stack) == 2, "pop");
    ok(RtlInterlockedFlushSList(&Stack) == b && b->Next == a && !RtlFirstEntrySList(&Stack) &&
       RtlQueryDepthSList(&Stack) == 0, "flush hands the whole list over");
    ok(!RtlInterlockedPopEntrySList(&Stack) && !RtlInterlockedFlushSList(&Stack), "nothing from an empty list");
    a->Next = b;
    ok(RtlInterlockedPushListSListEx(&Stack, a, b, 2) == NULL && RtlQueryDepthSList(&Stack) == 2, "a list pushed");
    RtlInitializeSListHead(&Stack);
    for (int i = 0; i < 128; i++)
        RtlInterlockedPushEntrySList(&Stack, &Entries[i / 64][i % 64]);
    for (int t = 0; t < 2; t++)
        NtCreateThreadEx(&threads[t], THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), (PVOID)SListWorker, NULL, 0, 0, 0,
                         0, NULL);
    NtWaitForMultipleObjects(2, threads, WaitAll, FALSE, NULL);
    NtClose(threads[0]);
    NtClose(threads[1]);
    {
        int walked = 0;
        for (PSLIST_ENTRY e = RtlFirstEntrySList(&Stack); e && walked <= 128; e = e->Next)
            walked++;
        ok(RtlQueryDepthSList(&Stack) == 128 && walked == 128, "two threads taking and giving back: all 128 there");
    }

    ok(RtlEncodePointer(p) != p && RtlDecodePointer(RtlEncodePointer(p)) == p, "encoded and decoded");
    ok(RtlDecodeSystemPointer(RtlEncodeSystemPointer(p)) == p, "with the system's cookie too");

    ok(RtlQueryPerformanceCounter(&counter) && RtlQueryPerformanceFrequency(&frequency) &&
       RtlQueryPerformanceCounter(&counter2) && counter2.QuadPart >= counter.QuadPart && frequency.QuadPart == 10000000,
       "the performance counter at 10 MHz");
    ok(RtlQueryUnbiasedInterruptTime(&interrupt) && interrupt > 0, "interrupt time");
    RtlGetCurrentProcessorNumberEx(&number);
    ok(number.Group == 0 && number.Number < TestPeb()->NumberOfProcessors &&
       RtlGetCurrentProcessorNumber() < TestPeb()->NumberOfProcessors, "a processor number: %u", number.Number);
    ok(VerSetConditionMask(0, 2 /* VER_MAJORVERSION */, 3 /* VER_GREATER_EQUAL */) == 0x18 &&
       VerSetConditionMask(0x18, 1, 1) == 0x19 && VerSetConditionMask(5, 0, 3) == 5 &&
       VerSetConditionMask(0, 0x80 | 1, 2) == 2ull << 21, "condition masks");
    __asm__ volatile("movq $0x5000, %%rax\n\tcall __chkstk\n\tmovq %%rax, %0" : "=r"(rax) : : "rax", "rcx", "memory");
    ok(rax == 0x5000, "__chkstk probes and keeps rax");
}

/* The TLS slot bitmaps kernel32's TlsAlloc works on. */
static void TestTlsBitmaps(void)
{
    PPEB peb = TestPeb();
    RTL_BITMAP *tls = peb->TlsBitmap, *expansion = peb->TlsExpansionBitmap;

    ok(tls && tls->SizeOfBitMap == 64 && tls->Buffer == peb->TlsBitmapBits, "64 slots in the PEB's bits");
    ok(expansion && expansion->SizeOfBitMap == 1024 && expansion->Buffer == peb->TlsExpansionBitmapBits,
       "1024 more");
    if (tls) {
        ULONG slot = RtlFindClearBitsAndSet(tls, 1, 0);
        ok(slot < 64 && RtlAreBitsSet(tls, slot, 1), "a slot taken: %u", slot);
        RtlClearBits(tls, slot, 1);
    }
}

/* Addresses in a file mapped flat: ntdll's own file, read whole. */
static void TestRvaToVa(void)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;
    SIZE_T size = 0x200000, used = 0;
    PVOID file = NULL;
    HANDLE h;
    IMAGE_NT_HEADERS64 *nt;
    IMAGE_SECTION_HEADER *last = NULL, *section;
    ULONG rva;
    const IMAGE_EXPORT_DIRECTORY *flat;

    RtlInitUnicodeString(&name, L"\\SystemRoot\\system32\\ntdll.dll");
    ok_status(NtOpenFile(&h, FILE_GENERIC_READ, &oa, &iosb, FILE_SHARE_READ, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    ok_status(NtAllocateVirtualMemory(NtCurrentProcess(), &file, 0, &size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE),
              STATUS_SUCCESS);
    while (!NtReadFile(h, NULL, NULL, NULL, &iosb, (char *)file + used, (ULONG)(size - used), NULL, NULL) &&
           iosb.Information)
        used += iosb.Information;
    NtClose(h);
    nt = RtlImageNtHeader(file);
    ok(nt && used > 0x10000, "ntdll's file read: %lu bytes", (ULONG)used);
    if (!nt)
        return;
    rva = nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT].VirtualAddress;
    flat = RtlImageRvaToVa(nt, file, rva, &last);
    section = RtlImageRvaToSection(nt, file, rva);
    ok(flat && section && last == section, "the export directory's section, remembered");
    ok(flat && !strcmp(RtlImageRvaToVa(nt, file, flat->Name, &last), "ntdll.dll"), "its name, found in the file");
    ok(RtlImageRvaToVa(nt, file, 0x7fffffff, NULL) == NULL && RtlImageRvaToSection(nt, file, 0x10) == NULL,
       "outside every section: nothing");
    NtFreeVirtualMemory(NtCurrentProcess(), &file, &size, MEM_RELEASE);
}

static void TestMemory(void)
{
    char a[16] = "abcdefgh", b[16] = "abcdXfgh";

    ok(RtlCompareMemory(a, b, 8) == 4 && RtlCompareMemory(a, a, 8) == 8 && RtlCompareMemory(a, b, 0) == 0,
       "bytes alike before the first difference");
    RtlMoveMemory(a + 1, a, 4);
    ok(!memcmp(a, "aabcdfgh", 8), "moves overlap safely: %.8s", a);
    RtlCopyMemory(b, "12345678", 8);
    RtlCopyMemoryNonTemporal(b + 8, b, 4);
    ok(!memcmp(b, "123456781234", 12), "copies");
    RtlFillMemory(a, 3, 'z');
    ok(!memcmp(a, "zzzcdfgh", 8), "filled");
    RtlZeroMemory(a, 8);
    ok(!a[0] && !a[7] && !memcmp(b, "1234", 4), "zeroed");
    a[13] = 1;
    ok(RtlCompareMemoryUlong(a, 16, 0) == 12 && RtlCompareMemoryUlong(a, 6, 0) == 4, "whole ULONGs alike the pattern");
    RtlFillMemoryUlong(a, 7, 0x78787878);
    ok(!memcmp(a, "xxxx\0\0\0\0", 8), "RtlFillMemoryUlong: whole ULONGs only");
}

/* CRC-32 (the catalogue's check value), RtlRandom's shuffled sequence, handle tables. */
static void TestChecksumsAndHandles(void)
{
    static ULONG values[256];
    ULONG seed = 0, index = 0xdeadbeef, distinct = 1;
    RTL_HANDLE_TABLE table;
    PRTL_HANDLE first, second, found = NULL;

    ok(RtlComputeCrc32(0, (const UCHAR *)"123456789", 9) == 0xcbf43926, "CRC-32 of the check string");
    ok(RtlComputeCrc32(RtlComputeCrc32(0, (const UCHAR *)"1234", 4), (const UCHAR *)"56789", 5) == 0xcbf43926,
       "a CRC-32 goes on from where it stopped");
    for (int i = 0; i < 256; i++) {
        values[i] = RtlRandom(&seed);
        distinct &= values[i] < 0x7fffffff && values[i] != seed;
        for (int j = 0; j < i; j++)
            distinct &= values[i] != values[j];
    }
    ok(distinct, "RtlRandom: 256 values below 2^31 - 1, all different and none the seed");
    seed = 1;
    ok(RtlRandomEx(&seed) < 0x7fffffff && seed != 1, "RtlRandomEx moves the seed");

    RtlInitializeHandleTable(100, 2 * sizeof(RTL_HANDLE), &table);
    first = RtlAllocateHandle(&table, &index);
    second = RtlAllocateHandle(&table, NULL);
    ok(first && second && index == 0 && (char *)second - (char *)first == 2 * sizeof(RTL_HANDLE),
       "entries of the size asked, from index 0");
    ok(!RtlIsValidHandle(&table, first), "an entry is not valid until its owner marks it");
    first->Next = (PRTL_HANDLE)(ULONG_PTR)RTL_HANDLE_ALLOCATED;
    ok(RtlIsValidHandle(&table, first) && RtlIsValidIndexHandle(&table, 0, &found) && found == first,
       "marked, it is valid, by address and by index");
    ok(!RtlIsValidIndexHandle(&table, 5000, &found) && !RtlIsValidHandle(&table, (PRTL_HANDLE)((char *)first + 1)),
       "an index past the table, an address inside an entry");
    ok(RtlFreeHandle(&table, first) && !RtlIsValidHandle(&table, first), "freed");
    ok(!RtlFreeHandle(&table, first), "not freed twice");
    ok(RtlAllocateHandle(&table, &index) == first && index == 0, "a freed entry is the next one given");
    ok_status(RtlDestroyHandleTable(&table), STATUS_SUCCESS);
    RtlInitializeHandleTable(100, 4, &table);
    ok(!RtlAllocateHandle(&table, &index), "entries smaller than a link are refused");
}

static ULONG DebugPrints, DebugBreaks;
static char DebugText[64];

static LONG NTAPI CatchDebugOutput(PEXCEPTION_POINTERS info)
{
    PEXCEPTION_RECORD record = info->ExceptionRecord;

    if (record->ExceptionCode == (DWORD)DBG_PRINTEXCEPTION_C && record->NumberParameters == 2) {
        DebugPrints++;
        if (record->ExceptionInformation[0] <= sizeof(DebugText))
            memcpy(DebugText, (const char *)record->ExceptionInformation[1], record->ExceptionInformation[0]);
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    if (record->ExceptionCode == (DWORD)STATUS_BREAKPOINT) {
        DebugBreaks++;
        info->ContextRecord->Rip++;
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    return EXCEPTION_CONTINUE_SEARCH;
}

/* DbgPrint goes to a debugger as an exception when the PEB says one is there; RtlDestroyHeap tells it of a bad
 * heap and stops. Without one DbgPrint uses the kernel's debug service, which tests/run finds in the trace. */
static void TestDebugOutput(void)
{
    PVOID handler = RtlAddVectoredExceptionHandler(TRUE, CatchDebugOutput);
    PPEB peb = TestPeb();
    BOOLEAN debugged = peb->BeingDebugged;
    ULONG not_a_heap[64] = {0};

    ok_status(DbgPrint("veles %s %d\n", "debug line", 42), STATUS_SUCCESS);
    ok(!DebugPrints && !DebugBreaks, "no debugger: no exception");
    peb->BeingDebugged = TRUE;
    ok_status(DbgPrint("line %d\n", 7), STATUS_SUCCESS);
    ok(DebugPrints == 1 && !strcmp(DebugText, "line 7\n"), "a debugger gets the line with its NUL: %s", DebugText);
    ok_status(DbgPrintEx(0, 3, "an info line\n"), STATUS_SUCCESS);
    ok(DebugPrints == 1, "levels other than errors are off by default");
    ok_status(DbgPrintEx(0, 0x21, "a mask with the error bit\n"), STATUS_SUCCESS);
    ok(DebugPrints == 2, "a level mask with the error bit passes");
    ok(RtlDestroyHeap(not_a_heap) == not_a_heap, "no heap is destroyed");
    ok(DebugPrints == 3 && DebugBreaks == 1, "a bad heap is told to the debugger, which stops there");
    peb->BeingDebugged = debugged;
    RtlRemoveVectoredExceptionHandler(handler);
}

/* The current process's modules and heaps; any other process is refused or not done. */
static void TestDebugBuffers(void)
{
    PRTL_DEBUG_INFORMATION buffer = RtlCreateQueryDebugBuffer(0, FALSE);
    HANDLE self = NtCurrentTeb()->ClientId.UniqueProcess;
    BOOLEAN has_ntdll = FALSE;

    ok(buffer != NULL, "a debug buffer");
    if (!buffer)
        return;
    ok_status(RtlQueryProcessDebugInformation(self, RTL_QUERY_PROCESS_MODULES | RTL_QUERY_PROCESS_HEAP_SUMMARY,
                                              buffer),
              STATUS_SUCCESS);
    ok(buffer->Modules && buffer->Modules->NumberOfModules >= 2, "the modules");
    for (ULONG i = 0; buffer->Modules && i < buffer->Modules->NumberOfModules; i++) {
        PRTL_PROCESS_MODULE_INFORMATION m = &buffer->Modules->Modules[i];
        has_ntdll |= !strcmp((char *)m->FullPathName + m->OffsetToFileName, "ntdll.dll");
    }
    ok(has_ntdll, "ntdll among them");
    ok(buffer->Heaps && buffer->Heaps->NumberOfHeaps >= 1 &&
           buffer->Heaps->Heaps[0].BytesAllocated <= buffer->Heaps->Heaps[0].BytesCommitted,
       "the heaps");
    ok_status(RtlQueryProcessDebugInformation((HANDLE)0x7ffffff0, RTL_QUERY_PROCESS_MODULES, buffer),
              STATUS_INVALID_CID);
    ok_status(RtlQueryProcessDebugInformation(self, RTL_QUERY_PROCESS_BACKTRACES, buffer), STATUS_NOT_IMPLEMENTED);
    ok_status(RtlDestroyQueryDebugBuffer(buffer), STATUS_SUCCESS);
    ok(TestPeb()->GdiSharedHandleTable && !*(ULONG64 *)TestPeb()->GdiSharedHandleTable,
       "win32k's GDI handle table is there, and empty");
}

void RunTests(void)
{
    TestTlsBitmaps();
    TestRvaToVa();
    TestMemory();
    TestInterlockedAndEncoded();
    TestSmallThings();
    TestImages();
    TestProcessMisc();
    TestBitmaps();
    TestBitmapRuns();
    TestNumbers();
    TestMachines();
    TestTimes();
    TestThreadErrors();
    TestVersion();
    TestChecksumsAndHandles();
    TestDebugOutput();
    TestDebugBuffers();
}
