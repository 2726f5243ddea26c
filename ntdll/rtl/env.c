/* Environment blocks ("NAME=value\0...\0\0", kept in Windows' sorted order): creating, querying, setting,
 * expanding %NAME% references, and the process's own block. */
#include "rtl/rtlp.h"

static PWSTR RtlpProcessEnvironment(void)
{
    return NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters->Environment;
}

/* Characters of a block, both terminators included. */
static SIZE_T RtlpEnvironmentLength(PCWSTR env)
{
    PCWSTR p = env;
    while (*p)
        p += wcslen(p) + 1;
    return (SIZE_T)(p - env) + 1;
}

/* The length of an entry's name: up to its first '=' after the first character (names such as "=C:" begin
 * with one). */
static SIZE_T RtlpNameLength(PCWSTR entry)
{
    PCWSTR eq = entry[0] ? wcschr(entry + 1, '=') : NULL;
    return eq ? (SIZE_T)(eq - entry) : wcslen(entry);
}

/* The entry named name, or NULL; *insert is where it would go in the sorted order. */
static PWSTR RtlpFindVariable(PWSTR env, PCWSTR name, SIZE_T length, PWSTR *insert)
{
    PWSTR p = env;

    *insert = NULL;
    for (; *p; p += wcslen(p) + 1) {
        SIZE_T n = RtlpNameLength(p);
        LONG cmp = RtlCompareUnicodeStrings(p, n, name, length, TRUE);
        if (!cmp)
            return p;
        if (cmp > 0 && !*insert)
            *insert = p;
    }
    if (!*insert)
        *insert = p;
    return NULL;
}

/* Environment blocks are blocks of the process heap, as Windows keeps them (HeapSize tells their size). */
static NTSTATUS RtlpAllocateEnvironment(SIZE_T characters, PWSTR *env)
{
    *env = RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY, characters * sizeof(WCHAR));
    return *env ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

/* The size of the process-heap block an environment is, or ~0 when it is none. A block's header is read just
 * before it: a caller's own buffer at the very start of a page is taken for none rather than read there. */
static SIZE_T RtlpEnvironmentBlockSize(PCWSTR env)
{
    if (((ULONG_PTR)env & (MM_PAGE_SIZE - 1)) < 2 * sizeof(ULONG64))
        return ~(SIZE_T)0;
    return RtlSizeHeap(RtlpHeap(), 0, env);
}

/* The bytes an environment has room for, as Windows reports EnvironmentSize: its heap block's size, or what it
 * holds when it is no block of the process heap. */
static SIZE_T RtlpEnvironmentCapacity(PCWSTR env)
{
    SIZE_T size = RtlpEnvironmentBlockSize(env);
    return size != ~(SIZE_T)0 ? size : RtlpEnvironmentLength(env) * sizeof(WCHAR);
}

NTSTATUS NTAPI RtlCreateEnvironment(BOOLEAN Inherit, PWSTR *Environment)
{
    SIZE_T length;
    NTSTATUS status;

    if (!Inherit)
        return RtlpAllocateEnvironment(2, Environment); /* zeroed: an empty block */
    RtlAcquirePebLock();
    length = RtlpEnvironmentLength(RtlpProcessEnvironment());
    if (!(status = RtlpAllocateEnvironment(length, Environment)))
        memcpy(*Environment, RtlpProcessEnvironment(), length * sizeof(WCHAR));
    RtlReleasePebLock();
    return status;
}

NTSTATUS NTAPI RtlDestroyEnvironment(PWSTR Environment)
{
    return RtlFreeHeap(RtlpHeap(), 0, Environment) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

NTSTATUS NTAPI RtlSetCurrentEnvironment(PWSTR NewEnvironment, PWSTR *OldEnvironment)
{
    RTL_USER_PROCESS_PARAMETERS *pp = NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters;
    PWSTR old;

    RtlAcquirePebLock();
    old = pp->Environment;
    pp->Environment = NewEnvironment;
    pp->EnvironmentSize = RtlpEnvironmentCapacity(NewEnvironment);
    RtlReleasePebLock();
    if (OldEnvironment)
        *OldEnvironment = old;
    else
        RtlDestroyEnvironment(old);
    return STATUS_SUCCESS;
}

/* A variable's value into room characters: *n is its length. The terminator must fit too, or (counted, the
 * UNICODE_STRING form) is written only when there is room for it. */
static NTSTATUS RtlpQueryVariable(PWSTR Environment, PCWSTR Name, SIZE_T NameLength, PWSTR Value, SIZE_T room,
                                  BOOLEAN counted, SIZE_T *n)
{
    PWSTR entry, insert;
    NTSTATUS status = STATUS_SUCCESS;

    if (!Environment)
        RtlAcquirePebLock();
    if (!(entry = RtlpFindVariable(Environment ? Environment : RtlpProcessEnvironment(), Name, NameLength, &insert))) {
        status = STATUS_VARIABLE_NOT_FOUND;
    } else {
        PCWSTR value = entry + NameLength + 1;
        *n = wcslen(value);
        if (counted ? *n > room : *n >= room) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            memcpy(Value, value, *n * sizeof(WCHAR));
            if (*n < room)
                Value[*n] = 0;
        }
    }
    if (!Environment)
        RtlReleasePebLock();
    return status;
}

/* The Win7 form: lengths in characters; a value that does not fit says how many characters it needs with its
 * terminator, one that does how many it has without. */
NTSTATUS NTAPI RtlQueryEnvironmentVariable(PWSTR Environment, PCWSTR Name, SIZE_T NameLength, PWSTR Value,
                                           SIZE_T ValueLength, PSIZE_T ReturnLength)
{
    SIZE_T n = 0;
    NTSTATUS status = RtlpQueryVariable(Environment, Name, NameLength, Value, ValueLength, FALSE, &n);

    if (status == STATUS_SUCCESS || status == STATUS_BUFFER_TOO_SMALL)
        *ReturnLength = status ? n + 1 : n;
    return status;
}

/* The counted form: a value exactly as long as the buffer fits, without its terminator (GetEnvironmentVariableW
 * keeps a character of room for that itself); one that does not fit tells its length. */
NTSTATUS NTAPI RtlQueryEnvironmentVariable_U(PWSTR Environment, PCUNICODE_STRING Name, PUNICODE_STRING Value)
{
    SIZE_T n = 0;
    NTSTATUS status = RtlpQueryVariable(Environment, Name->Buffer, Name->Length / sizeof(WCHAR), Value->Buffer,
                                        Value->MaximumLength / sizeof(WCHAR), TRUE, &n);

    if (status == STATUS_SUCCESS || status == STATUS_BUFFER_TOO_SMALL)
        Value->Length = (USHORT)(n * sizeof(WCHAR));
    return status;
}

/* A name may not be empty or hold '=' past its first character. */
static BOOLEAN RtlpValidName(PCUNICODE_STRING name)
{
    SIZE_T n = name->Length / sizeof(WCHAR);
    if (!n)
        return FALSE;
    for (SIZE_T i = 1; i < n; i++)
        if (name->Buffer[i] == '=')
            return FALSE;
    return TRUE;
}

NTSTATUS NTAPI RtlSetEnvironmentVariable(PWSTR *Environment, PCUNICODE_STRING Name, PCUNICODE_STRING Value)
{
    SIZE_T name_len = Name->Length / sizeof(WCHAR), value_len = Value ? Value->Length / sizeof(WCHAR) : 0;
    SIZE_T length, old_entry = 0, new_entry = Value ? name_len + 1 + value_len + 1 : 0, before, capacity;
    PWSTR env, entry, insert, block;
    NTSTATUS status;

    if (!RtlpValidName(Name))
        return STATUS_INVALID_PARAMETER;
    if (!Environment)
        RtlAcquirePebLock();
    env = Environment ? *Environment : RtlpProcessEnvironment();
    length = RtlpEnvironmentLength(env);
    if ((entry = RtlpFindVariable(env, Name->Buffer, name_len, &insert))) {
        insert = entry;
        old_entry = wcslen(entry) + 1;
    }
    if (!entry && !Value) {
        if (!Environment)
            RtlReleasePebLock();
        return STATUS_SUCCESS;
    }
    before = (SIZE_T)(insert - env);
    /* In place when the block has room, as Windows does: its size, and EnvironmentSize, stay. */
    capacity = RtlpEnvironmentBlockSize(env);
    if (capacity != ~(SIZE_T)0 && (length - old_entry + new_entry) * sizeof(WCHAR) <= capacity) {
        memmove(env + before + new_entry, insert + old_entry, (length - before - old_entry) * sizeof(WCHAR));
        if (Value) {
            memcpy(env + before, Name->Buffer, name_len * sizeof(WCHAR));
            env[before + name_len] = '=';
            memcpy(env + before + name_len + 1, Value->Buffer, value_len * sizeof(WCHAR));
            env[before + new_entry - 1] = 0;
        }
        if (!Environment)
            RtlReleasePebLock();
        return STATUS_SUCCESS;
    }
    /* Else a new block: what comes before the entry, the new entry, what follows the old one. */
    if (!(status = RtlpAllocateEnvironment(length - old_entry + new_entry, &block))) {
        memcpy(block, env, before * sizeof(WCHAR));
        if (Value) {
            memcpy(block + before, Name->Buffer, name_len * sizeof(WCHAR));
            block[before + name_len] = '=';
            memcpy(block + before + name_len + 1, Value->Buffer, value_len * sizeof(WCHAR));
            block[before + new_entry - 1] = 0;
        }
        memcpy(block + before + new_entry, insert + old_entry, (length - before - old_entry) * sizeof(WCHAR));
        if (Environment) {
            RtlDestroyEnvironment(*Environment);
            *Environment = block;
        } else {
            RtlSetCurrentEnvironment(block, NULL);
        }
    }
    if (!Environment)
        RtlReleasePebLock();
    return status;
}

/* Copy n characters to the output if they fit; count them either way. */
static void RtlpEmit(PUNICODE_STRING out, SIZE_T *at, PCWSTR text, SIZE_T n)
{
    SIZE_T room = out->MaximumLength / sizeof(WCHAR);
    for (SIZE_T i = 0; i < n; i++, (*at)++)
        if (*at < room)
            out->Buffer[*at] = text[i];
}

NTSTATUS NTAPI RtlExpandEnvironmentStrings_U(PWSTR Environment, PCUNICODE_STRING Source,
                                              PUNICODE_STRING Destination, PULONG ReturnedLength)
{
    PCWSTR src = Source->Buffer, end = src + Source->Length / sizeof(WCHAR);
    PWSTR env, insert;
    SIZE_T at = 0;
    static const WCHAR zero = 0;

    if (!Environment)
        RtlAcquirePebLock();
    env = Environment ? Environment : RtlpProcessEnvironment();
    while (src < end) {
        PCWSTR close = NULL, entry;
        if (*src == '%')
            for (PCWSTR p = src + 1; p < end && !close; p++)
                if (*p == '%')
                    close = p;
        /* A name that is not there is left as it stands. */
        if (close && close > src + 1 && (entry = RtlpFindVariable(env, src + 1, (SIZE_T)(close - src - 1), &insert))) {
            PCWSTR value = entry + (close - src - 1) + 1;
            RtlpEmit(Destination, &at, value, wcslen(value));
            src = close + 1;
        } else {
            SIZE_T n = close ? (SIZE_T)(close - src) : 1;
            RtlpEmit(Destination, &at, src, n);
            src += n;
        }
    }
    if (!Environment)
        RtlReleasePebLock();
    RtlpEmit(Destination, &at, &zero, 1);
    if (ReturnedLength)
        *ReturnedLength = (ULONG)(at * sizeof(WCHAR));
    if (at * sizeof(WCHAR) > Destination->MaximumLength)
        return STATUS_BUFFER_TOO_SMALL;
    Destination->Length = (USHORT)((at - 1) * sizeof(WCHAR));
    return STATUS_SUCCESS;
}
