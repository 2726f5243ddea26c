/* Environment blocks: querying, setting, deleting and expanding variables, in the process's block and in
 * blocks of one's own. */
#include "lib/nttest.h"

static NTSTATUS Query(PWSTR env, const WCHAR *name, WCHAR *buf, USHORT size, USHORT *length)
{
    UNICODE_STRING n, v = {0, size, buf};
    NTSTATUS status;

    RtlInitUnicodeString(&n, name);
    status = RtlQueryEnvironmentVariable_U(env, &n, &v);
    *length = v.Length;
    return status;
}

static NTSTATUS Set(PWSTR *env, const WCHAR *name, const WCHAR *value)
{
    UNICODE_STRING n, v;

    RtlInitUnicodeString(&n, name);
    RtlInitUnicodeString(&v, value);
    return RtlSetEnvironmentVariable(env, &n, value ? &v : NULL);
}

static void TestProcessEnvironment(void)
{
    WCHAR buf[64];
    USHORT length;

    ok_status(Set(NULL, L"VelesEnvA", L"one"), STATUS_SUCCESS);
    ok_status(Query(NULL, L"VELESENVA", buf, sizeof(buf), &length), STATUS_SUCCESS);
    ok(length == 6 && !wcscmp(buf, L"one"), "set and found without regard to case: %S", buf);
    ok(TestFindVariable("VelesEnvA") != NULL, "in the PEB's block");
    ok_status(Set(NULL, L"velesenva", L"two"), STATUS_SUCCESS);
    ok_status(Query(NULL, L"VelesEnvA", buf, sizeof(buf), &length), STATUS_SUCCESS);
    ok(!wcscmp(buf, L"two"), "replaced: %S", buf);
    ok_status(Query(NULL, L"VelesEnvA", buf, 6, &length), STATUS_BUFFER_TOO_SMALL);
    ok(length == 6, "the length needed, without the terminator (%u)", length);
    ok_status(Set(NULL, L"VelesEnvA", NULL), STATUS_SUCCESS);
    ok_status(Query(NULL, L"VelesEnvA", buf, sizeof(buf), &length), STATUS_VARIABLE_NOT_FOUND);
    ok_status(Set(NULL, L"VelesEnvA", NULL), STATUS_SUCCESS);

    ok_status(Set(NULL, L"a=b", L"x"), STATUS_INVALID_PARAMETER);
    ok_status(Set(NULL, L"", L"x"), STATUS_INVALID_PARAMETER);
    ok_status(Set(NULL, L"=C:", L"C:\\dir"), STATUS_SUCCESS);
    ok_status(Query(NULL, L"=C:", buf, sizeof(buf), &length), STATUS_SUCCESS);
    ok(!wcscmp(buf, L"C:\\dir"), "a name that begins with '=': %S", buf);
    ok_status(Query(NULL, L"VelesNoSuchVariable", buf, sizeof(buf), &length), STATUS_VARIABLE_NOT_FOUND);
}

static void TestOwnBlocks(void)
{
    PWSTR env = NULL, copy = NULL, old = NULL;
    WCHAR buf[64];
    UNICODE_STRING src, dst = {0, sizeof(buf), buf};
    ULONG needed;
    USHORT length;

    ok_status(RtlCreateEnvironment(FALSE, &env), STATUS_SUCCESS);
    ok(env && !env[0] && !env[1], "an empty block");
    ok_status(Set(&env, L"b", L"2"), STATUS_SUCCESS);
    ok_status(Set(&env, L"a", L"1"), STATUS_SUCCESS);
    ok(!wcscmp(env, L"a=1") && !wcscmp(env + 4, L"b=2") && !env[8], "kept in order");
    ok_status(Query(env, L"b", buf, sizeof(buf), &length), STATUS_SUCCESS);
    ok(!wcscmp(buf, L"2"), "found in its block");
    ok_status(Query(NULL, L"b", buf, sizeof(buf), &length), STATUS_VARIABLE_NOT_FOUND);

    RtlInitUnicodeString(&src, L"%a% and %b% and %nope% 100%");
    ok_status(RtlExpandEnvironmentStrings_U(env, &src, &dst, &needed), STATUS_SUCCESS);
    ok(!wcscmp(buf, L"1 and 2 and %nope% 100%") && needed == 24 * 2 && dst.Length == 23 * 2, "expanded: %S (%u)",
       buf, needed);
    dst.MaximumLength = 8;
    ok_status(RtlExpandEnvironmentStrings_U(env, &src, &dst, &needed), STATUS_BUFFER_TOO_SMALL);
    ok(needed == 48, "the room needed (%u)", needed);

    ok_status(RtlCreateEnvironment(TRUE, &copy), STATUS_SUCCESS);
    ok_status(Query(copy, L"PATH", buf, 2, &length), STATUS_BUFFER_TOO_SMALL);
    ok(length > 0, "a copy of the process's block");
    ok_status(RtlSetCurrentEnvironment(env, &old), STATUS_SUCCESS);
    ok(TestPeb()->ProcessParameters->Environment == env && TestFindVariable("a"), "the process's block replaced");
    ok_status(RtlSetCurrentEnvironment(old, NULL), STATUS_SUCCESS);
    ok(TestPeb()->ProcessParameters->Environment == old && !TestFindVariable("a"), "and put back");
    ok_status(RtlDestroyEnvironment(copy), STATUS_SUCCESS);
}

void RunTests(void)
{
    TestProcessEnvironment();
    TestOwnBlocks();
}
