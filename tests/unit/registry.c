/* The registry's tree: the order of names, and merging a snapshot read beside the tree into it (what a
 * process does when another one made a new snapshot), which must keep the keys both have and volatile ones. */
#include <stdlib.h>
#include <string.h>
#include "cm/cmp.h"
#include "host/host.h"
#include "unit.h"

static CMP_KEY *NewRoot(void)
{
    CMP_KEY *root = HostZalloc(sizeof(*root));

    root->Hive = CmpHiveOf("machine");
    root->References = 1;
    return root;
}

static CMP_KEY *Add(CMP_KEY *parent, const WCHAR *name, ULONG flags)
{
    return CmpInsertSubKey(parent, name, CmpStringLength(name), flags, 1);
}

static void FreeRoot(CMP_KEY *root)
{
    CmpDeleteTree(root);
    CmpReleaseKey(root);
}

UNIT_TEST(registry_names_order)
{
    CMP_KEY *root = NewRoot();
    CMP_KEY *abc = Add(root, u"abc", 0), *ab = Add(root, u"ab", 0), *az = Add(root, u"aZ", 0),
            *under = Add(root, u"a_", 0), *accent = Add(root, u"\u00e9", 0);

    CHECK(CmpFindSubKey(root, u"ABC", 3, NULL) == abc, "case does not count");
    CHECK(CmpFindSubKey(root, u"\u00c9", 1, NULL) == accent, "beyond ASCII too");
    CHECK(root->SubKeyCount == 5 && root->SubKeys[0] == ab && root->SubKeys[1] == abc, "a prefix comes first");
    CHECK(root->SubKeys[2] == az && root->SubKeys[3] == under, "'_' sorts after letters, as upper case");
    CHECK(root->SubKeys[4] == accent, "and e-acute after both");
    FreeRoot(root);
}

UNIT_TEST(registry_merge_keeps_keys)
{
    CMP_KEY *live = NewRoot(), *fresh = NewRoot();
    CMP_KEY *kept = Add(live, u"Kept", 0), *gone = Add(live, u"Gone", 0), *fleeting = Add(live, u"Fleeting",
                                                                                             CMP_KEY_VOLATILE);
    CMP_KEY *fresh_kept = Add(fresh, u"KEPT", 0);
    ULONG one = 1, two = 2;

    CmpSetValue(kept, u"v", 1, REG_DWORD, &one, 4);
    CmpSetValue(fresh_kept, u"v", 1, REG_DWORD, &two, 4);
    Add(fresh_kept, u"Child", 0);
    Add(fresh, u"New", 0);
    kept->References++;
    gone->References++;
    CmpMergeTree(live, fresh);

    CHECK(CmpFindSubKey(live, u"kept", 4, NULL) == kept, "a key both have stays the same key");
    CHECK(!memcmp(kept->Name, u"KEPT", 8), "with the snapshot's spelling");
    CHECK(*(ULONG *)CmpFindValue(kept, u"v", 1)->Data == 2, "and the snapshot's values");
    CHECK(CmpFindSubKey(kept, u"child", 5, NULL) != NULL, "and its new subkeys");
    CHECK(CmpFindSubKey(live, u"new", 3, NULL) != NULL, "a new key arrives");
    CHECK(gone->Flags & CMP_KEY_DELETED && !CmpFindSubKey(live, u"gone", 4, NULL), "a key the snapshot lacks goes");
    CHECK(CmpFindSubKey(live, u"fleeting", 8, NULL) == fleeting, "volatile keys are not in snapshots and stay");
    CHECK(live->SubKeyCount == 3 && fresh->SubKeyCount == 0, "%u keys", live->SubKeyCount);
    CmpReleaseKey(kept);
    CmpReleaseKey(gone);
    FreeRoot(fresh);
    FreeRoot(live);
}

/* A hive loaded below a key of another is no part of that hive: a snapshot neither holds nor removes it. */
UNIT_TEST(registry_loaded_hive_apart)
{
    CMP_KEY *live = NewRoot(), *fresh = NewRoot();
    CMP_KEY *mount = Add(live, u"Loaded", 0);
    CMP_TEXT out = {0};

    CmpCreateFileHive(mount, HostStrdup("/nonexistent/hive"), HostStrdup("HKEY_LOCAL_MACHINE\\Loaded"));
    Add(mount, u"Inside", 0);
    Add(fresh, u"Loaded", 0); /* what another process has of that name, unseen here */
    CmpWriteRegText(&out, live, "HKEY_LOCAL_MACHINE", CMP_REG_SNAPSHOT);
    CHECK(out.Text && !strstr(out.Text, "Loaded"), "the snapshot leaves it out:\n%s", out.Text);
    free(out.Text);
    CmpMergeTree(live, fresh);
    CHECK(CmpFindSubKey(live, u"loaded", 6, NULL) == mount && CmpFindSubKey(mount, u"inside", 6, NULL),
          "merging keeps it whole");
    CHECK(CmpIsFileHive(mount->Hive) && CmpHiveRoot(mount->Hive) == mount, "a hive of its own");
    CmpFreeFileHive(mount->Hive);
    mount->Hive = mount->SubKeys[0]->Hive = live->Hive;
    FreeRoot(fresh);
    FreeRoot(live);
}

UNIT_TEST(registry_reg_text)
{
    static const char text[] = "Windows Registry Editor Version 5.00\n\n"
                               "[HKEY_LOCAL_MACHINE\\A]\n\"s\"=\"x\\\\y\"\n\"d\"=dword:0000002a\n"
                               "\"h\"=hex(2):41,00,00,00\n\n[HKEY_LOCAL_MACHINE\\A\\B]\n@=hex:01,\\\n  02\n";
    CMP_KEY *root = NewRoot(), *a, *b;
    CMP_IMPORT_TARGET target = {.Base = root, .BaseName = "HKEY_LOCAL_MACHINE"};
    CMP_TEXT out = {0};
    char error[128];
    const CMP_VALUE *v;

    CHECK(!CmpImportRegText(text, sizeof(text) - 1, &target, error, sizeof(error)), "reads: %s", error);
    a = CmpFindSubKey(root, u"A", 1, NULL);
    b = a ? CmpFindSubKey(a, u"b", 1, NULL) : NULL;
    CHECK(a && b, "the keys");
    if (a && b) {
        v = CmpFindValue(a, u"s", 1);
        CHECK(v && v->Type == REG_SZ && v->DataLength == 8 && !memcmp(v->Data, u"x\\y", 8), "an escaped string");
        v = CmpFindValue(a, u"d", 1);
        CHECK(v && v->Type == REG_DWORD && *(ULONG *)v->Data == 42, "a dword");
        v = CmpFindValue(a, u"h", 1);
        CHECK(v && v->Type == REG_EXPAND_SZ && v->DataLength == 4, "typed hex");
        v = CmpFindValue(b, u"", 0);
        CHECK(v && v->Type == REG_BINARY && v->DataLength == 2 && v->Data[1] == 2, "the default value, continued");
        CmpWriteRegText(&out, a, "HKEY_LOCAL_MACHINE\\A", CMP_REG_VERSION5);
        CHECK(out.Text && !strcmp(out.Text, "\n[HKEY_LOCAL_MACHINE\\A]\n\"s\"=\"x\\\\y\"\n\"d\"=dword:0000002a\n"
                                            "\"h\"=hex(2):41,00,00,00\n\n[HKEY_LOCAL_MACHINE\\A\\B]\n@=hex:01,02\n"),
              "written back, short hex on one line:\n%s", out.Text);
    }
    free(out.Text);
    CHECK(CmpImportRegText("REGEDIT4\n[HKEY_LOCAL_MACHINE\\A]\n\"x\"=hex:zz\n", 41, &target, error, sizeof(error)) &&
              strstr(error, "line 3"),
          "bad hex names its line: %s", error);
    CHECK(CmpImportRegText("REGEDIT4\n[HKEY_USERS\\A]\n", 24, &target, error, sizeof(error)) != 0,
          "a key outside the one read is refused");
    FreeRoot(root);
}

/* Key names hold what a line cannot (NUL, line breaks, unpaired surrogates): written escaped, read back whole. */
UNIT_TEST(registry_key_names_any_code_unit)
{
    static const WCHAR odd[] = {'w', 0, 't', '\n', 0xd800, 'x', 0xdc00};
    static const WCHAR pair[] = {'a', 0xd83d, 0xde00, '\\', '\\', '0'}; /* a name may look like an escape */
    CMP_KEY *root = NewRoot(), *fresh = NewRoot(), *a;
    CMP_IMPORT_TARGET target = {.Base = fresh, .BaseName = "HKEY_LOCAL_MACHINE"};
    CMP_TEXT out = {0};
    char error[128] = "";

    CmpTextPrint(&out, CMP_REG_HEADER "\n");
    a = Add(root, u"A", 0);
    CmpInsertSubKey(a, odd, 7, 0, 1);
    CmpInsertSubKey(a, pair, 3, 0, 1);
    CmpInsertSubKey(a, u"0000", 4, 0, 1);
    CmpWriteRegText(&out, root, "HKEY_LOCAL_MACHINE", CMP_REG_SNAPSHOT);
    CHECK(out.Text && strstr(out.Text, "[HKEY_LOCAL_MACHINE\\A\\w\\\\0000t\\\\000a\\\\d800x\\\\dc00]\n"),
          "escaped in the header:\n%s", out.Text);
    CHECK(!CmpImportRegText(out.Text, out.Length, &target, error, sizeof(error)), "reads: %s", error);
    a = CmpFindSubKey(fresh, u"A", 1, NULL);
    CHECK(a && a->SubKeyCount == 3, "three keys");
    CHECK(a && CmpFindSubKey(a, odd, 7, NULL), "NUL, a line break and lone surrogates come back");
    CHECK(a && CmpFindSubKey(a, pair, 3, NULL), "a surrogate pair stays itself");
    CHECK(a && CmpFindSubKey(a, u"0000", 4, NULL), "a name of hex digits stays a name");
    free(out.Text);
    CHECK(CmpImportRegText("REGEDIT4\n[HKEY_LOCAL_MACHINE\\A\\\\005c]\n", 38, &target, error, sizeof(error)) &&
              strstr(error, "line 2"),
          "an escaped backslash is no key name: %s", error);
    CHECK(CmpImportRegText("REGEDIT4\n[HKEY_LOCAL_MACHINE\\A\\\\00]\n", 36, &target, error, sizeof(error)) &&
              strstr(error, "line 2"),
          "nor an empty name: %s", error);
    FreeRoot(fresh);
    FreeRoot(root);
}
