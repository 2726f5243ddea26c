/* libFuzzer harness for the .reg reader and writer (kernel/cm/cmregfile.c): whatever a file holds is read
 * without harm, and what was read, written out and read again writes out the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cm/cmp.h"
#include "host/host.h"

static CMP_KEY *FuzzBase(void)
{
    CMP_KEY *base = HostZalloc(sizeof(*base));

    base->Hive = CmpHiveOf("machine");
    base->References = 1;
    return base;
}

static void FuzzWrite(CMP_KEY *base, CMP_TEXT *text)
{
    CmpTextPrint(text, CMP_REG_HEADER "\n");
    CmpWriteRegText(text, base, "HKEY_LOCAL_MACHINE", CMP_REG_SNAPSHOT);
}

static void FuzzFree(CMP_KEY *base)
{
    CmpDeleteTree(base);
    CmpReleaseKey(base);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    CMP_KEY *first = FuzzBase(), *second = FuzzBase();
    CMP_IMPORT_TARGET target = {.Base = first, .BaseName = "HKEY_LOCAL_MACHINE"};
    CMP_TEXT one = {0}, two = {0};
    char error[256];

    CmpImportRegText((const char *)data, size, &target, error, sizeof(error));
    FuzzWrite(first, &one);
    target.Base = second;
    if (CmpImportRegText(one.Text, one.Length, &target, error, sizeof(error)))
        abort(); /* what the writer wrote does not read */
    FuzzWrite(second, &two);
    if (one.Length != two.Length || memcmp(one.Text, two.Text, one.Length))
        abort(); /* a round trip changed something */
    free(one.Text);
    free(two.Text);
    FuzzFree(first);
    FuzzFree(second);
    return 0;
}
