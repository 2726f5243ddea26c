/* Copies from and to memory a Windows program names (kernel/ke/fault.c): faults and foreign ranges give
 * STATUS_ACCESS_VIOLATION instead of crashing the host. */
#include <string.h>
#include "ke/ke.h"
#include "mm/mm.h"
#include "unit.h"

UNIT_TEST(user_copies_fail_safely)
{
    /* A Windows allocation where the program asked for one above the host boundary (below it, this test's
     * AddressSanitizer keeps its shadow memory), its second page made inaccessible. */
    char *page = (char *)0x300000000000ull;
    char host[16] = "host secret", buf[16];

    KeInitializeSignals();
    CHECK(MmAllocateVirtual((PVOID *)&page, 0x2000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE) == STATUS_SUCCESS &&
              page == (char *)0x300000000000ull,
          "test allocation at %p", (void *)page);
    CHECK(MmProtectVirtual(page + 0x1000, 0x1000, PAGE_NOACCESS) == STATUS_SUCCESS, "second page inaccessible");
    strcpy(page, "windows data");

    CHECK(KeCopyFromUser(buf, page, 13) == STATUS_SUCCESS && !strcmp(buf, "windows data"), "a good read");
    CHECK(KeCopyToUser(page + 100, "x", 2) == STATUS_SUCCESS && page[100] == 'x', "a good write");
    CHECK(KeCopyFromUser(buf, page + 0x1000, 4) == STATUS_ACCESS_VIOLATION, "reading an inaccessible page");
    CHECK(KeCopyToUser(page + 0xffe, "abcd", 4) == STATUS_ACCESS_VIOLATION, "a write running into one");
    CHECK(KeCopyFromUser(buf, page + 0x1ff0, 0x20) == STATUS_ACCESS_VIOLATION, "a read past the allocation");
    /* Below 1 TiB nothing is mapped here: the copy itself faults and is caught. */
    CHECK(KeCopyFromUser(buf, (void *)0xfffffff000ull, 4) == STATUS_ACCESS_VIOLATION, "an unmapped address");
    CHECK(KeCopyFromUser(buf, NULL, 4) == STATUS_ACCESS_VIOLATION, "NULL");
    CHECK(KeCopyFromUser(buf, (void *)0xfff0, 4) == STATUS_ACCESS_VIOLATION, "the first 64 KiB");
    CHECK(KeCopyFromUser(buf, host, 4) == STATUS_ACCESS_VIOLATION, "host memory is not the program's");
    CHECK(KeCopyToUser(host, "evil", 4) == STATUS_ACCESS_VIOLATION && !strcmp(host, "host secret"),
          "and cannot be written through a service");
    CHECK(KeCopyFromUser(buf, (void *)-8ll, 16) == STATUS_ACCESS_VIOLATION, "a range that wraps around");
    CHECK(KeCopyFromUser(buf, page, 0) == STATUS_SUCCESS, "an empty copy");
}
