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
    /* A value exactly as long as the buffer fits, with no room for a terminator (Wine's env.c:76, from Windows). */
    buf[3] = '@';
    ok_status(Query(NULL, L"VelesEnvA", buf, 6, &length), STATUS_SUCCESS);
    ok(length == 6 && !memcmp(buf, L"two", 6) && buf[3] == '@', "an exact fit, not terminated (%u)", length);
    ok_status(Query(NULL, L"VelesEnvA", buf, 4, &length), STATUS_BUFFER_TOO_SMALL);
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

/* The process's own parameters and environment are blocks of the process heap, as on Windows; and the Win7 form
 * of a variable's query counts characters. */
static void TestHeapBlocksAndCounts(void)
{
    RTL_USER_PROCESS_PARAMETERS *pp = TestPeb()->ProcessParameters;
    PWSTR env = NULL;
    WCHAR buf[8];
    SIZE_T n = 99;

    ok(RtlSizeHeap(TestPeb()->ProcessHeap, 0, pp) == pp->Length && pp->MaximumLength == pp->Length &&
           pp->Flags & RTL_USER_PROC_PARAMS_NORMALIZED,
       "the parameters are a heap block of their size");
    ok(RtlSizeHeap(TestPeb()->ProcessHeap, 0, pp->Environment) == pp->EnvironmentSize,
       "the environment is one of its own");
    ok(pp->ImagePathName.Buffer > (PWSTR)pp && pp->ImagePathName.Buffer < (PWSTR)((char *)pp + pp->Length),
       "the strings are inside the block");

    ok_status(RtlQueryEnvironmentVariable(NULL, L"PATH", 4, buf, 2, &n), STATUS_BUFFER_TOO_SMALL);
    ok(n > 2, "the characters it needs with its terminator: %lu", (ULONG64)n);
    ok_status(RtlQueryEnvironmentVariable(NULL, L"NOPE_VELES", 10, buf, 8, &n), STATUS_VARIABLE_NOT_FOUND);
    ok_status(RtlCreateEnvironment(FALSE, &env), STATUS_SUCCESS);
    ok_status(Set(&env, L"ab", L"xyz"), STATUS_SUCCESS);
    ok_status(RtlQueryEnvironmentVariable(env, L"AB", 2, buf, 4, &n), STATUS_SUCCESS);
    ok(n == 3 && !wcscmp(buf, L"xyz"), "found without regard to case, three characters: %lu", (ULONG64)n);
    ok_status(RtlQueryEnvironmentVariable(env, L"ab", 2, buf, 3, &n), STATUS_BUFFER_TOO_SMALL);
    ok(n == 4, "no room for the terminator: four needed (%lu)", (ULONG64)n);
    ok(RtlSizeHeap(TestPeb()->ProcessHeap, 0, env) != ~(SIZE_T)0, "a created environment is a heap block");
    ok_status(RtlDestroyEnvironment(env), STATUS_SUCCESS);

    /* EnvironmentSize is the block's size, and a variable that fits is changed in place, as on Windows. */
    {
        PWSTR mine = RtlAllocateHeap(TestPeb()->ProcessHeap, HEAP_ZERO_MEMORY, 200), previous = NULL;
        memcpy(mine, L"A=1\0B=2\0", 9 * sizeof(WCHAR));
        ok_status(RtlSetCurrentEnvironment(mine, &previous), STATUS_SUCCESS);
        ok(pp->Environment == mine && pp->EnvironmentSize == 200, "the block's size: %lu",
           (ULONG64)pp->EnvironmentSize);
        ok_status(Set(NULL, L"A", NULL), STATUS_SUCCESS);
        ok_status(Set(NULL, L"C", L"3"), STATUS_SUCCESS);
        ok(pp->Environment == mine && pp->EnvironmentSize == 200 && !memcmp(mine, L"B=2\0C=3\0", 9 * sizeof(WCHAR)),
           "removed and added in place");
        ok_status(RtlSetCurrentEnvironment(previous, NULL), STATUS_SUCCESS);
    }
}

void RunTests(void)
{
    TestProcessEnvironment();
    TestOwnBlocks();
    TestHeapBlocksAndCounts();
}
