/* Activation contexts: manifests (from a file, or an image's RT_MANIFEST resource) read into a context that
 * names its assemblies, their DLLs, the application's settings, compatibility and run level; the threads'
 * stacks of active contexts; and the lookups and queries kernel32 builds on. The Win32 DLLs above call
 * RtlCreateActivationContext with an ACTCTXW, as Wine's ntdll takes it. */
#include "rtl/rtlp.h"
#include "rtl/unicode.h"

#define RTLP_MAX_ASSEMBLIES 16
#define RTLP_MAX_FILES 64
#define RTLP_MAX_SETTINGS 16
#define RTLP_MAX_COMPAT 16
#define RTLP_MAX_DEPTH 16
#define RTLP_MAX_MANIFEST (1 << 20)

typedef struct {
    PWSTR Name, Version, Token, Arch, Language, Type;
} RTLP_IDENTITY;

typedef struct {
    RTLP_IDENTITY Id;
    PWSTR ManifestPath; /* the Win32 path it was read from, or NULL for a resource */
    PWSTR Directory;    /* where its files are, with a final backslash */
    ULONG FileCount;
    PWSTR Files[RTLP_MAX_FILES];
} RTLP_ASSEMBLY;

typedef struct {
    PWSTR Namespace, Name, Value;
} RTLP_SETTING;

typedef struct {
    LIST_ENTRY Link; /* among the live contexts, which is how a handle is recognised */
    LONG References;
    BOOLEAN Zombie;
    ULONG AssemblyCount;
    RTLP_ASSEMBLY Assemblies[RTLP_MAX_ASSEMBLIES];
    ULONG SettingCount;
    RTLP_SETTING Settings[RTLP_MAX_SETTINGS];
    ULONG CompatCount;
    COMPATIBILITY_CONTEXT_ELEMENT Compat[RTLP_MAX_COMPAT];
    ULONG RunLevel, UiAccess;
} RTLP_ACTCTX;

static HANDLE RtlpProcessDefault;
static LIST_ENTRY RtlpContexts = {&RtlpContexts, &RtlpContexts};
static volatile LONG RtlpContextsLock; /* ACTCTX_FLAG_SET_PROCESS_DEFAULT's, used when a thread has none active */

/* ---- A small XML reader: elements, attributes, text, comments and declarations skipped. ---- */

typedef struct {
    const char *Text;
    SIZE_T Length;
} RTLP_XSTR;

typedef struct {
    const char *Next, *End;
} RTLP_XML;

typedef struct {
    RTLP_XSTR Name;      /* local name, without a namespace prefix */
    RTLP_XSTR Attributes;
    BOOLEAN Closing, Empty;
    RTLP_XSTR Text;      /* what came before the tag */
} RTLP_XTAG;

static BOOLEAN RtlpXmlSkipPast(RTLP_XML *x, const char *marker)
{
    SIZE_T n = strlen(marker);
    for (; x->Next + n <= x->End; x->Next++)
        if (!memcmp(x->Next, marker, n)) {
            x->Next += n;
            return TRUE;
        }
    return FALSE;
}

static BOOLEAN RtlpXmlSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The next tag; 0 at the end, -1 when the text is not well-formed. */
static int RtlpXmlNext(RTLP_XML *x, RTLP_XTAG *tag)
{
    for (;;) {
        const char *start = x->Next, *p;
        while (x->Next < x->End && *x->Next != '<')
            x->Next++;
        tag->Text.Text = start;
        tag->Text.Length = (SIZE_T)(x->Next - start);
        if (x->Next == x->End)
            return 0;
        if (x->End - x->Next >= 4 && !memcmp(x->Next, "<!--", 4)) {
            if (!RtlpXmlSkipPast(x, "-->"))
                return -1;
            continue;
        }
        if (x->End - x->Next >= 2 && (x->Next[1] == '?' || x->Next[1] == '!')) {
            if (!RtlpXmlSkipPast(x, ">"))
                return -1;
            continue;
        }
        x->Next++;
        tag->Closing = x->Next < x->End && *x->Next == '/';
        x->Next += tag->Closing;
        tag->Name.Text = x->Next;
        while (x->Next < x->End && !RtlpXmlSpace(*x->Next) && *x->Next != '>' && *x->Next != '/')
            x->Next++;
        tag->Name.Length = (SIZE_T)(x->Next - tag->Name.Text);
        tag->Attributes.Text = x->Next;
        for (char quote = 0; x->Next < x->End && (quote || *x->Next != '>'); x->Next++)
            if (*x->Next == '"' || *x->Next == '\'')
                quote = quote == *x->Next ? 0 : quote ? quote : *x->Next;
        if (x->Next == x->End || !tag->Name.Length)
            return -1;
        tag->Empty = x->Next[-1] == '/';
        tag->Attributes.Length = (SIZE_T)(x->Next - tag->Attributes.Text) - tag->Empty;
        x->Next++;
        for (p = tag->Name.Text; p < tag->Name.Text + tag->Name.Length; p++)
            if (*p == ':') {
                tag->Name.Length -= (SIZE_T)(p + 1 - tag->Name.Text);
                tag->Name.Text = p + 1;
                break;
            }
        return 1;
    }
}

static BOOLEAN RtlpXmlIs(RTLP_XSTR s, const char *name)
{
    return s.Length == strlen(name) && !memcmp(s.Text, name, s.Length);
}

/* An attribute's value (without its quotes), found by its exact name. */
static BOOLEAN RtlpXmlAttribute(const RTLP_XTAG *tag, const char *name, RTLP_XSTR *value)
{
    const char *p = tag->Attributes.Text, *end = p + tag->Attributes.Length;
    SIZE_T n = strlen(name);

    while (p < end) {
        const char *key, *q;
        char quote;
        while (p < end && RtlpXmlSpace(*p))
            p++;
        key = p;
        while (p < end && *p != '=' && !RtlpXmlSpace(*p))
            p++;
        q = p;
        while (p < end && RtlpXmlSpace(*p))
            p++;
        if (p == end || *p != '=') {
            p += p < end;
            continue;
        }
        p++;
        while (p < end && RtlpXmlSpace(*p))
            p++;
        if (p == end || (*p != '"' && *p != '\''))
            return FALSE;
        quote = *p++;
        value->Text = p;
        while (p < end && *p != quote)
            p++;
        value->Length = (SIZE_T)(p - value->Text);
        p += p < end;
        if ((SIZE_T)(q - key) == n && !memcmp(key, name, n))
            return TRUE;
    }
    return FALSE;
}

/* UTF-16 copy of UTF-8 text, with the five predefined entities decoded. */
static PWSTR RtlpXmlString(RTLP_XSTR s)
{
    static const struct {
        const char *Name;
        char Value;
    } entities[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    char *plain = RtlAllocateHeap(RtlpHeap(), 0, s.Length + 1);
    SIZE_T n = 0, units;
    PWSTR out = NULL;

    if (!plain)
        return NULL;
    for (SIZE_T i = 0; i < s.Length;) {
        ULONG e = 0;
        for (; e < 5; e++)
            if (s.Length - i >= strlen(entities[e].Name) &&
                !memcmp(s.Text + i, entities[e].Name, strlen(entities[e].Name)))
                break;
        if (e < 5) {
            plain[n++] = entities[e].Value;
            i += strlen(entities[e].Name);
        } else {
            plain[n++] = s.Text[i++];
        }
    }
    units = RtlpUtf8ToUtf16(plain, n, NULL, 0);
    if ((out = RtlAllocateHeap(RtlpHeap(), 0, (units + 1) * sizeof(WCHAR)))) {
        RtlpUtf8ToUtf16(plain, n, out, units);
        out[units] = 0;
    }
    RtlFreeHeap(RtlpHeap(), 0, plain);
    return out;
}

static PWSTR RtlpCopyString(PCWSTR s)
{
    SIZE_T n = s ? wcslen(s) : 0;
    PWSTR copy = s ? RtlAllocateHeap(RtlpHeap(), 0, (n + 1) * sizeof(WCHAR)) : NULL;
    if (copy)
        memcpy(copy, s, (n + 1) * sizeof(WCHAR));
    return copy;
}

static void RtlpFreeString(PWSTR s)
{
    if (s)
        RtlFreeHeap(RtlpHeap(), 0, s);
}

static void RtlpReadIdentity(const RTLP_XTAG *tag, RTLP_IDENTITY *id)
{
    RTLP_XSTR v;
#define RTLP_ID_FIELD(field, attribute)                                                                            \
    if (!id->field && RtlpXmlAttribute(tag, attribute, &v))                                                        \
        id->field = RtlpXmlString(v);
    RTLP_ID_FIELD(Name, "name")
    RTLP_ID_FIELD(Version, "version")
    RTLP_ID_FIELD(Token, "publicKeyToken")
    RTLP_ID_FIELD(Arch, "processorArchitecture")
    RTLP_ID_FIELD(Language, "language")
    RTLP_ID_FIELD(Type, "type")
#undef RTLP_ID_FIELD
}

static void RtlpFreeIdentity(RTLP_IDENTITY *id)
{
    RtlpFreeString(id->Name);
    RtlpFreeString(id->Version);
    RtlpFreeString(id->Token);
    RtlpFreeString(id->Arch);
    RtlpFreeString(id->Language);
    RtlpFreeString(id->Type);
}

/* "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" */
static BOOLEAN RtlpParseGuid(RTLP_XSTR s, GUID *guid)
{
    PWSTR text = RtlpXmlString(s);
    UNICODE_STRING us;
    NTSTATUS status;

    if (!text)
        return FALSE;
    RtlInitUnicodeString(&us, text);
    status = RtlGUIDFromString(&us, guid);
    RtlpFreeString(text);
    return !status;
}

/* "a.b.c.d" as four 16-bit fields, the first highest. */
static ULONGLONG RtlpParseVersion(RTLP_XSTR s)
{
    ULONGLONG version = 0, part = 0;
    ULONG parts = 0;

    for (SIZE_T i = 0; i <= s.Length; i++) {
        if (i == s.Length || s.Text[i] == '.') {
            version = version << 16 | (part & 0xffff);
            part = 0;
            parts++;
        } else if (s.Text[i] >= '0' && s.Text[i] <= '9') {
            part = part * 10 + (ULONG)(s.Text[i] - '0');
        }
    }
    return parts <= 4 ? version << (16 * (4 - parts)) : version;
}

/* The manifest's parts into assembly (and, for the root one, the context's settings). */
static NTSTATUS RtlpParseManifest(RTLP_ACTCTX *ctx, RTLP_ASSEMBLY *assembly, const char *text, SIZE_T length,
                                  RTLP_IDENTITY *dependencies, ULONG *dependency_count, BOOLEAN root)
{
    RTLP_XML x = {text, text + length};
    RTLP_XSTR path[RTLP_MAX_DEPTH], ns[RTLP_MAX_DEPTH];
    int depth = 0, result;
    RTLP_XTAG tag;
    RTLP_XSTR v;

    if (length >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
        x.Next += 3;
    while ((result = RtlpXmlNext(&x, &tag)) > 0) {
        if (tag.Closing) {
            if (!depth || path[depth - 1].Length != tag.Name.Length ||
                memcmp(path[depth - 1].Text, tag.Name.Text, tag.Name.Length))
                return STATUS_SXS_MANIFEST_PARSE_ERROR;
            /* A setting's value is the text inside it. */
            if (root && depth == 4 && RtlpXmlIs(path[1], "application") && RtlpXmlIs(path[2], "windowsSettings") &&
                ctx->SettingCount < RTLP_MAX_SETTINGS) {
                RTLP_SETTING *setting = &ctx->Settings[ctx->SettingCount++];
                setting->Namespace = RtlpXmlString(ns[depth - 1]);
                setting->Name = RtlpXmlString(tag.Name);
                setting->Value = RtlpXmlString(tag.Text);
            }
            depth--;
            continue;
        }
        if (depth == RTLP_MAX_DEPTH)
            return STATUS_SXS_MANIFEST_PARSE_ERROR;
        if (!depth && !RtlpXmlIs(tag.Name, "assembly"))
            return STATUS_SXS_MANIFEST_FORMAT_ERROR;
        path[depth] = tag.Name;
        ns[depth] = RtlpXmlAttribute(&tag, "xmlns", &v) ? v : depth ? ns[depth - 1] : (RTLP_XSTR){"", 0};
        if (depth == 1 && RtlpXmlIs(tag.Name, "assemblyIdentity")) {
            RtlpReadIdentity(&tag, &assembly->Id);
        } else if (depth == 1 && RtlpXmlIs(tag.Name, "file") && RtlpXmlAttribute(&tag, "name", &v)) {
            if (assembly->FileCount == RTLP_MAX_FILES)
                return STATUS_SXS_MANIFEST_FORMAT_ERROR;
            assembly->Files[assembly->FileCount++] = RtlpXmlString(v);
        } else if (depth == 3 && RtlpXmlIs(tag.Name, "assemblyIdentity") && RtlpXmlIs(path[1], "dependency") &&
                   RtlpXmlIs(path[2], "dependentAssembly")) {
            if (*dependency_count == RTLP_MAX_ASSEMBLIES)
                return STATUS_SXS_MANIFEST_FORMAT_ERROR;
            RtlpReadIdentity(&tag, &dependencies[(*dependency_count)++]);
        } else if (root && depth == 3 && RtlpXmlIs(path[1], "compatibility") && RtlpXmlIs(path[2], "application") &&
                   ctx->CompatCount < RTLP_MAX_COMPAT && RtlpXmlAttribute(&tag, "Id", &v)) {
            COMPATIBILITY_CONTEXT_ELEMENT *e = &ctx->Compat[ctx->CompatCount];
            memset(e, 0, sizeof(*e));
            if (RtlpXmlIs(tag.Name, "supportedOS") && RtlpParseGuid(v, &e->Id)) {
                e->Type = 1;
                ctx->CompatCount++;
            } else if (RtlpXmlIs(tag.Name, "maxversiontested")) {
                e->Type = 3;
                e->MaxVersionTested = RtlpParseVersion(v);
                ctx->CompatCount++;
            }
        } else if (root && RtlpXmlIs(tag.Name, "requestedExecutionLevel") && RtlpXmlAttribute(&tag, "level", &v)) {
            ctx->RunLevel = RtlpXmlIs(v, "asInvoker") ? 1 : RtlpXmlIs(v, "highestAvailable") ? 2
                          : RtlpXmlIs(v, "requireAdministrator") ? 3 : 0;
            ctx->UiAccess = RtlpXmlAttribute(&tag, "uiAccess", &v) && RtlpXmlIs(v, "true");
        }
        if (!tag.Empty)
            depth++;
    }
    if (result < 0 || depth)
        return STATUS_SXS_MANIFEST_PARSE_ERROR;
    /* A program's own manifest may leave out its identity (many say only what Windows they know); the
     * assemblies it depends on must name themselves. */
    return assembly->Id.Name || root ? STATUS_SUCCESS : STATUS_SXS_MANIFEST_FORMAT_ERROR;
}

/* A manifest's bytes as UTF-8: UTF-16 (marked so) is converted. The buffer is the caller's to free. */
static char *RtlpManifestUtf8(const UCHAR *data, SIZE_T size, SIZE_T *length)
{
    char *text;

    if (size >= 2 && data[0] == 0xff && data[1] == 0xfe) {
        SIZE_T units = (size - 2) / 2;
        *length = RtlpUtf16ToUtf8((const WCHAR *)(data + 2), units, NULL, 0);
        if ((text = RtlAllocateHeap(RtlpHeap(), 0, *length + 1)))
            RtlpUtf16ToUtf8((const WCHAR *)(data + 2), units, text, *length);
        return text;
    }
    *length = size;
    if ((text = RtlAllocateHeap(RtlpHeap(), 0, size + 1)))
        memcpy(text, data, size);
    return text;
}

/* The whole of a file (at most 1 MiB), by its Win32 path. */
static NTSTATUS RtlpReadFile(PCWSTR path, UCHAR **data, SIZE_T *size)
{
    UNICODE_STRING nt;
    OBJECT_ATTRIBUTES attributes = {.Length = sizeof(attributes), .ObjectName = &nt,
                                    .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;
    HANDLE file;
    NTSTATUS status;

    if (!RtlDosPathNameToNtPathName_U(path, &nt, NULL, NULL))
        return STATUS_OBJECT_PATH_NOT_FOUND;
    status = NtOpenFile(&file, FILE_GENERIC_READ, &attributes, &iosb, FILE_SHARE_READ,
                        FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE);
    RtlFreeUnicodeString(&nt);
    if (status)
        return status;
    *size = 0;
    if (!(*data = RtlAllocateHeap(RtlpHeap(), 0, RTLP_MAX_MANIFEST))) {
        NtClose(file);
        return STATUS_NO_MEMORY;
    }
    while (*size < RTLP_MAX_MANIFEST &&
           !(status = NtReadFile(file, NULL, NULL, NULL, &iosb, *data + *size, (ULONG)(RTLP_MAX_MANIFEST - *size),
                                 NULL, NULL)) &&
           iosb.Information)
        *size += iosb.Information;
    NtClose(file);
    if (status == STATUS_END_OF_FILE)
        status = STATUS_SUCCESS;
    if (status)
        RtlFreeHeap(RtlpHeap(), 0, *data);
    return status;
}

/* The directory part of a path, with its final backslash. */
static PWSTR RtlpDirectoryOf(PCWSTR path)
{
    SIZE_T n = wcslen(path);
    PWSTR dir;

    while (n && path[n - 1] != '\\' && path[n - 1] != '/')
        n--;
    if (!(dir = RtlAllocateHeap(RtlpHeap(), 0, (n + 1) * sizeof(WCHAR))))
        return NULL;
    memcpy(dir, path, n * sizeof(WCHAR));
    dir[n] = 0;
    return dir;
}

static PWSTR RtlpConcat(PCWSTR a, PCWSTR b, PCWSTR c)
{
    SIZE_T na = wcslen(a), nb = wcslen(b), nc = wcslen(c);
    PWSTR s = RtlAllocateHeap(RtlpHeap(), 0, (na + nb + nc + 1) * sizeof(WCHAR));
    if (s) {
        memcpy(s, a, na * sizeof(WCHAR));
        memcpy(s + na, b, nb * sizeof(WCHAR));
        memcpy(s + na + nb, c, (nc + 1) * sizeof(WCHAR));
    }
    return s;
}

static void RtlpFreeContext(RTLP_ACTCTX *ctx)
{
    for (ULONG i = 0; i < ctx->AssemblyCount; i++) {
        RTLP_ASSEMBLY *a = &ctx->Assemblies[i];
        RtlpFreeIdentity(&a->Id);
        RtlpFreeString(a->ManifestPath);
        RtlpFreeString(a->Directory);
        for (ULONG f = 0; f < a->FileCount; f++)
            RtlpFreeString(a->Files[f]);
    }
    for (ULONG i = 0; i < ctx->SettingCount; i++) {
        RtlpFreeString(ctx->Settings[i].Namespace);
        RtlpFreeString(ctx->Settings[i].Name);
        RtlpFreeString(ctx->Settings[i].Value);
    }
    RtlpAcquireLock(&RtlpContextsLock);
    if (ctx->Link.Flink)
        RemoveEntryList(&ctx->Link);
    RtlpReleaseLock(&RtlpContextsLock);
    RtlFreeHeap(RtlpHeap(), 0, ctx);
}

/* One assembly from its manifest's text; its dependencies are looked for beside it, in the directory of
 * the assembly that depends on them ("name.manifest", or "name\name.manifest"), as private assemblies are. */
static NTSTATUS RtlpAddAssembly(RTLP_ACTCTX *ctx, const char *text, SIZE_T length, PWSTR manifest_path,
                                PWSTR directory, BOOLEAN root)
{
    RTLP_IDENTITY dependencies[RTLP_MAX_ASSEMBLIES];
    ULONG count = 0;
    RTLP_ASSEMBLY *assembly;
    NTSTATUS status;

    if (ctx->AssemblyCount == RTLP_MAX_ASSEMBLIES)
        return STATUS_SXS_CANT_GEN_ACTCTX;
    assembly = &ctx->Assemblies[ctx->AssemblyCount++];
    assembly->ManifestPath = manifest_path;
    assembly->Directory = directory;
    memset(dependencies, 0, sizeof(dependencies));
    status = RtlpParseManifest(ctx, assembly, text, length, dependencies, &count, root);
    for (ULONG i = 0; i < count && !status; i++) {
        BOOLEAN present = FALSE;
        for (ULONG k = 0; k < ctx->AssemblyCount && !present && dependencies[i].Name; k++)
            present = ctx->Assemblies[k].Id.Name && !_wcsicmp(ctx->Assemblies[k].Id.Name, dependencies[i].Name);
        if (present)
            continue;
        status = STATUS_SXS_CANT_GEN_ACTCTX;
        for (int form = 0; form < 2 && status && dependencies[i].Name && directory; form++) {
            PWSTR sub = form ? RtlpConcat(dependencies[i].Name, L"\\", dependencies[i].Name) : NULL;
            PWSTR path = RtlpConcat(directory, form ? sub : dependencies[i].Name, L".manifest");
            UCHAR *data;
            SIZE_T size, text_length;
            char *dep_text;
            RtlpFreeString(sub);
            if (path && !RtlpReadFile(path, &data, &size)) {
                dep_text = RtlpManifestUtf8(data, size, &text_length);
                RtlFreeHeap(RtlpHeap(), 0, data);
                status = dep_text ? RtlpAddAssembly(ctx, dep_text, text_length, path, RtlpDirectoryOf(path), FALSE)
                                  : STATUS_NO_MEMORY;
                if (dep_text)
                    RtlFreeHeap(RtlpHeap(), 0, dep_text);
                path = NULL;
            }
            RtlpFreeString(path);
        }
    }
    for (ULONG i = 0; i < count; i++)
        RtlpFreeIdentity(&dependencies[i]);
    return status;
}

/* The manifest resource of a mapped image (ID 1 unless a name is given). */
static NTSTATUS RtlpManifestResource(PVOID module, PCWSTR name, const UCHAR **data, SIZE_T *size)
{
    LDR_RESOURCE_INFO info = {RT_MANIFEST, name ? (ULONG_PTR)name : 1, 0};
    IMAGE_RESOURCE_DATA_ENTRY *entry;
    ULONG length;
    NTSTATUS status;

    if ((status = LdrFindResource_U(module, &info, 3, &entry)) ||
        (status = LdrAccessResource(module, entry, (PVOID *)data, &length)))
        return status;
    *size = length;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlCreateActivationContext(PHANDLE ActivationContext, const ACTCTXW *Description)
{
    RTLP_ACTCTX *ctx;
    PWSTR directory = NULL, manifest_path = NULL;
    const UCHAR *data = NULL;
    UCHAR *file_data = NULL;
    SIZE_T size = 0, length;
    char *text;
    NTSTATUS status;

    if (!Description || Description->cbSize < offsetof(ACTCTXW, lpApplicationName) ||
        (Description->dwFlags & ~0xffu))
        return STATUS_INVALID_PARAMETER;
    if (!(Description->dwFlags & ACTCTX_FLAG_HMODULE_VALID) && !Description->lpSource)
        return STATUS_INVALID_PARAMETER;
    if (Description->dwFlags & ACTCTX_FLAG_SOURCE_IS_ASSEMBLYREF) {
        RtlpReport("activation contexts from an assembly reference are not implemented", NULL);
        return STATUS_NOT_IMPLEMENTED;
    }
    if (Description->dwFlags & ACTCTX_FLAG_HMODULE_VALID) {
        PCWSTR name = Description->dwFlags & ACTCTX_FLAG_RESOURCE_NAME_VALID ? Description->lpResourceName : NULL;
        status = RtlpManifestResource(Description->hModule, name, &data, &size);
        if (!status && Description->lpSource)
            manifest_path = RtlpCopyString(Description->lpSource);
    } else {
        status = RtlpReadFile(Description->lpSource, &file_data, &size);
        manifest_path = RtlpCopyString(Description->lpSource);
        data = file_data;
    }
    if (status) {
        RtlpFreeString(manifest_path);
        return status;
    }
    if (Description->dwFlags & ACTCTX_FLAG_ASSEMBLY_DIRECTORY_VALID && Description->lpAssemblyDirectory)
        directory = RtlpConcat(Description->lpAssemblyDirectory, L"\\", L"");
    else if (manifest_path)
        directory = RtlpDirectoryOf(manifest_path);
    text = RtlpManifestUtf8(data, size, &length);
    if (file_data)
        RtlFreeHeap(RtlpHeap(), 0, file_data);
    if (!text || !(ctx = RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY, sizeof(*ctx)))) {
        if (text)
            RtlFreeHeap(RtlpHeap(), 0, text);
        RtlpFreeString(directory);
        RtlpFreeString(manifest_path);
        return STATUS_NO_MEMORY;
    }
    ctx->References = 1;
    status = RtlpAddAssembly(ctx, text, length, manifest_path, directory, TRUE);
    RtlFreeHeap(RtlpHeap(), 0, text);
    if (status) {
        RtlpFreeContext(ctx);
        return status;
    }
    RtlpAcquireLock(&RtlpContextsLock);
    InsertTailList(&RtlpContexts, &ctx->Link);
    RtlpReleaseLock(&RtlpContextsLock);
    if (Description->dwFlags & ACTCTX_FLAG_SET_PROCESS_DEFAULT) {
        HANDLE old;
        ctx->References++;
        old = __atomic_exchange_n(&RtlpProcessDefault, (HANDLE)ctx, __ATOMIC_ACQ_REL);
        RtlReleaseActivationContext(old);
    }
    *ActivationContext = ctx;
    return STATUS_SUCCESS;
}

/* A handle that is one of the live contexts, or NULL: anything else is never read. */
static RTLP_ACTCTX *RtlpContext(HANDLE handle)
{
    RTLP_ACTCTX *found = NULL;

    if (!handle)
        return NULL;
    RtlpAcquireLock(&RtlpContextsLock);
    for (LIST_ENTRY *l = RtlpContexts.Flink; l != &RtlpContexts && !found; l = l->Flink)
        if (l == &((RTLP_ACTCTX *)handle)->Link)
            found = handle;
    RtlpReleaseLock(&RtlpContextsLock);
    return found;
}

void NTAPI RtlAddRefActivationContext(HANDLE ActivationContext)
{
    RTLP_ACTCTX *ctx = RtlpContext(ActivationContext);
    if (ctx)
        __atomic_add_fetch(&ctx->References, 1, __ATOMIC_RELAXED);
}

void NTAPI RtlReleaseActivationContext(HANDLE ActivationContext)
{
    RTLP_ACTCTX *ctx = RtlpContext(ActivationContext);
    if (ctx && !__atomic_sub_fetch(&ctx->References, 1, __ATOMIC_ACQ_REL))
        RtlpFreeContext(ctx);
}

/* The context stays valid as a handle but takes part in no lookups any more. */
NTSTATUS NTAPI RtlZombifyActivationContext(HANDLE ActivationContext)
{
    RTLP_ACTCTX *ctx = RtlpContext(ActivationContext);
    if (!ctx)
        return STATUS_INVALID_PARAMETER;
    ctx->Zombie = TRUE;
    return STATUS_SUCCESS;
}

static ACTIVATION_CONTEXT_STACK *RtlpContextStack(void)
{
    TEB *teb = NtCurrentTeb();
    if (!teb->ActivationContextStackPointer)
        teb->ActivationContextStackPointer = teb->ActivationStack;
    return teb->ActivationContextStackPointer;
}

/* The cookie is the frame, which deactivation finds again. */
NTSTATUS NTAPI RtlActivateActivationContext(ULONG Flags, HANDLE ActivationContext, PULONG_PTR Cookie)
{
    ACTIVATION_CONTEXT_STACK *stack = RtlpContextStack();
    RTL_ACTIVATION_CONTEXT_STACK_FRAME *frame = RtlAllocateHeap(RtlpHeap(), 0, sizeof(*frame));

    (void)Flags;
    if (!frame)
        return STATUS_NO_MEMORY;
    frame->Previous = stack->ActiveFrame;
    frame->ActivationContext = ActivationContext;
    frame->Flags = 0;
    RtlAddRefActivationContext(ActivationContext);
    stack->ActiveFrame = frame;
    if (Cookie)
        *Cookie = (ULONG_PTR)frame;
    return STATUS_SUCCESS;
}

/* A cookie not on the stack, or not on top of it, is the caller's error, raised as Windows raises it. */
void NTAPI RtlDeactivateActivationContext(ULONG Flags, ULONG_PTR Cookie)
{
    ACTIVATION_CONTEXT_STACK *stack = RtlpContextStack();
    RTL_ACTIVATION_CONTEXT_STACK_FRAME *frame = stack->ActiveFrame;

    while (frame && (ULONG_PTR)frame != Cookie)
        frame = frame->Previous;
    if (!frame)
        RtlRaiseStatus(STATUS_SXS_INVALID_DEACTIVATION);
    if (frame != stack->ActiveFrame && !(Flags & DEACTIVATE_ACTCTX_FLAG_FORCE_EARLY_DEACTIVATION))
        RtlRaiseStatus(STATUS_SXS_EARLY_DEACTIVATION);
    for (RTL_ACTIVATION_CONTEXT_STACK_FRAME *stop = frame->Previous; stack->ActiveFrame != stop;) {
        RTL_ACTIVATION_CONTEXT_STACK_FRAME *top = stack->ActiveFrame;
        stack->ActiveFrame = top->Previous;
        RtlReleaseActivationContext(top->ActivationContext);
        RtlFreeHeap(RtlpHeap(), 0, top);
    }
}

NTSTATUS NTAPI RtlGetActiveActivationContext(PHANDLE ActivationContext)
{
    ACTIVATION_CONTEXT_STACK *stack = RtlpContextStack();

    *ActivationContext = stack->ActiveFrame ? stack->ActiveFrame->ActivationContext : NULL;
    RtlAddRefActivationContext(*ActivationContext);
    return STATUS_SUCCESS;
}

void RtlpFreeThreadActivationContexts(void)
{
    ACTIVATION_CONTEXT_STACK *stack = NtCurrentTeb()->ActivationContextStackPointer;

    while (stack && stack->ActiveFrame) {
        RTL_ACTIVATION_CONTEXT_STACK_FRAME *top = stack->ActiveFrame;
        stack->ActiveFrame = top->Previous;
        RtlReleaseActivationContext(top->ActivationContext);
        RtlFreeHeap(RtlpHeap(), 0, top);
    }
}

static RTLP_ACTCTX *RtlpActiveContext(void)
{
    ACTIVATION_CONTEXT_STACK *stack = RtlpContextStack();
    RTLP_ACTCTX *ctx = RtlpContext(stack->ActiveFrame ? stack->ActiveFrame->ActivationContext
                                                      : __atomic_load_n(&RtlpProcessDefault, __ATOMIC_ACQUIRE));
    return ctx && !ctx->Zombie ? ctx : NULL;
}

/* DLL redirection: a DLL an assembly of the active context names. Window classes, COM servers and the other
 * sections come from manifest elements this reader does not keep, so they are not found. */
NTSTATUS NTAPI RtlFindActivationContextSectionString(ULONG Flags, const GUID *ExtensionGuid, ULONG SectionId,
                                                     PCUNICODE_STRING SectionName, ACTCTX_SECTION_KEYED_DATA *Data)
{
    static ACTIVATION_CONTEXT_DATA_DLL_REDIRECTION redirection = {
        sizeof(redirection), ACTIVATION_CONTEXT_DATA_DLL_REDIRECTION_PATH_OMITS_ASSEMBLY_ROOT, 0, 0, 0};
    RTLP_ACTCTX *ctx = RtlpActiveContext();

    if (ExtensionGuid || !SectionName || !Data || Data->cbSize < offsetof(ACTCTX_SECTION_KEYED_DATA, ulFlags) ||
        (Flags & ~(ULONG)FIND_ACTCTX_SECTION_KEY_RETURN_HACTCTX))
        return STATUS_INVALID_PARAMETER;
    if (!ctx || SectionId != ACTIVATION_CONTEXT_SECTION_DLL_REDIRECTION)
        return ctx && SectionId != ACTIVATION_CONTEXT_SECTION_DLL_REDIRECTION ? STATUS_SXS_SECTION_NOT_FOUND
                                                                              : STATUS_SXS_KEY_NOT_FOUND;
    for (ULONG a = 0; a < ctx->AssemblyCount; a++) {
        for (ULONG f = 0; f < ctx->Assemblies[a].FileCount; f++) {
            UNICODE_STRING name;
            RtlInitUnicodeString(&name, ctx->Assemblies[a].Files[f]);
            if (RtlCompareUnicodeString(&name, SectionName, TRUE))
                continue;
            memset((UCHAR *)Data + sizeof(Data->cbSize), 0, Data->cbSize - sizeof(Data->cbSize));
            Data->ulDataFormatVersion = 1;
            Data->lpData = &redirection;
            Data->ulLength = sizeof(redirection);
            Data->ulAssemblyRosterIndex = a + 1;
            if (Flags & FIND_ACTCTX_SECTION_KEY_RETURN_HACTCTX) {
                Data->hActCtx = ctx;
                RtlAddRefActivationContext(ctx);
            }
            return STATUS_SUCCESS;
        }
    }
    return STATUS_SXS_KEY_NOT_FOUND;
}

NTSTATUS NTAPI RtlFindActivationContextSectionGuid(ULONG Flags, const GUID *ExtensionGuid, ULONG SectionId,
                                                   const GUID *Guid, ACTCTX_SECTION_KEYED_DATA *Data)
{
    if (ExtensionGuid || !Guid || !Data || (Flags & ~(ULONG)FIND_ACTCTX_SECTION_KEY_RETURN_HACTCTX))
        return STATUS_INVALID_PARAMETER;
    return RtlpActiveContext() ? STATUS_SXS_SECTION_NOT_FOUND : STATUS_SXS_KEY_NOT_FOUND;
}

/* A setting of <windowsSettings> (by its namespace, the 2005 one when none is given), as text. */
NTSTATUS NTAPI RtlQueryActivationContextApplicationSettings(ULONG Flags, HANDLE ActivationContext,
                                                            PCWSTR Namespace, PCWSTR Settings, PWSTR Buffer,
                                                            SIZE_T Size, PSIZE_T Written)
{
    RTLP_ACTCTX *ctx = ActivationContext ? RtlpContext(ActivationContext) : RtlpActiveContext();
    PCWSTR ns = Namespace ? Namespace : L"http://schemas.microsoft.com/SMI/2005/WindowsSettings";

    if (Flags || !Settings || (ActivationContext && !ctx))
        return STATUS_INVALID_PARAMETER;
    if (!ctx)
        return STATUS_SXS_KEY_NOT_FOUND;
    for (ULONG i = 0; i < ctx->SettingCount; i++) {
        const RTLP_SETTING *s = &ctx->Settings[i];
        SIZE_T n;
        if (!s->Name || !s->Value || _wcsicmp(s->Name, Settings) || !s->Namespace || _wcsicmp(s->Namespace, ns))
            continue;
        n = wcslen(s->Value) + 1;
        if (Written)
            *Written = n;
        if (!Buffer || Size < n)
            return STATUS_BUFFER_TOO_SMALL;
        memcpy(Buffer, s->Value, n * sizeof(WCHAR));
        return STATUS_SUCCESS;
    }
    return STATUS_SXS_KEY_NOT_FOUND;
}

/* Appends a string after the structure; returns where it went. */
static PCWSTR RtlpPlace(PWSTR *cursor, PCWSTR s)
{
    PCWSTR at = *cursor;
    SIZE_T n;
    if (!s)
        return NULL;
    n = wcslen(s) + 1;
    memcpy(*cursor, s, n * sizeof(WCHAR));
    *cursor += n;
    return at;
}

static SIZE_T RtlpChars(PCWSTR s)
{
    return s ? wcslen(s) + 1 : 0;
}

NTSTATUS NTAPI RtlQueryInformationActivationContext(ULONG Flags, HANDLE ActivationContext, PVOID SubInstanceIndex,
                                                    ULONG InformationClass, PVOID Buffer, SIZE_T BufferSize,
                                                    PSIZE_T ReturnLength)
{
    RTLP_ACTCTX *ctx;
    SIZE_T needed;

    if (ReturnLength)
        *ReturnLength = 0;
    if (Flags & QUERY_ACTCTX_FLAG_USE_ACTIVE_ACTCTX) {
        ACTIVATION_CONTEXT_STACK *stack = RtlpContextStack();
        if (ActivationContext)
            return STATUS_INVALID_PARAMETER;
        ActivationContext = stack->ActiveFrame ? stack->ActiveFrame->ActivationContext : NULL;
    } else if (Flags & (QUERY_ACTCTX_FLAG_ACTCTX_IS_HMODULE | QUERY_ACTCTX_FLAG_ACTCTX_IS_ADDRESS)) {
        PLDR_DATA_TABLE_ENTRY entry;
        if (!ActivationContext || LdrFindEntryForAddress(ActivationContext, &entry) ||
            ((Flags & QUERY_ACTCTX_FLAG_ACTCTX_IS_HMODULE) && entry->DllBase != ActivationContext))
            return STATUS_DLL_NOT_FOUND;
        ActivationContext = entry->EntryPointActivationContext;
    }
    ctx = RtlpContext(ActivationContext);
    if (InformationClass == ActivationContextBasicInformation) {
        ACTIVATION_CONTEXT_BASIC_INFORMATION *info = Buffer;
        if (ReturnLength)
            *ReturnLength = sizeof(*info);
        if (!info || BufferSize < sizeof(*info))
            return STATUS_BUFFER_TOO_SMALL;
        info->hActCtx = ActivationContext;
        info->dwFlags = 0;
        if (!(Flags & QUERY_ACTCTX_FLAG_NO_ADDREF))
            RtlAddRefActivationContext(ActivationContext);
        return STATUS_SUCCESS;
    }
    if (!ctx)
        return STATUS_INVALID_PARAMETER;
    switch (InformationClass) {
    case ActivationContextDetailedInformation: {
        ACTIVATION_CONTEXT_DETAILED_INFORMATION *info = Buffer;
        const RTLP_ASSEMBLY *root = &ctx->Assemblies[0];
        PWSTR cursor;
        needed = sizeof(*info) + (RtlpChars(root->ManifestPath) + RtlpChars(root->Directory)) * sizeof(WCHAR);
        if (ReturnLength)
            *ReturnLength = needed;
        if (!info || BufferSize < needed)
            return STATUS_BUFFER_TOO_SMALL;
        memset(info, 0, sizeof(*info));
        cursor = (PWSTR)(info + 1);
        info->ulFormatVersion = 1;
        info->ulAssemblyCount = ctx->AssemblyCount;
        info->ulRootManifestPathType = ACTIVATION_CONTEXT_PATH_TYPE_WIN32_FILE;
        info->ulRootManifestPathChars = root->ManifestPath ? (ULONG)wcslen(root->ManifestPath) : 0;
        info->ulAppDirPathType = ACTIVATION_CONTEXT_PATH_TYPE_WIN32_FILE;
        info->ulAppDirPathChars = root->Directory ? (ULONG)wcslen(root->Directory) : 0;
        info->lpRootManifestPath = RtlpPlace(&cursor, root->ManifestPath);
        info->lpAppDirPath = RtlpPlace(&cursor, root->Directory);
        return STATUS_SUCCESS;
    }
    case AssemblyDetailedInformationInActivationContext: {
        ACTIVATION_CONTEXT_ASSEMBLY_DETAILED_INFORMATION *info = Buffer;
        ULONG index = SubInstanceIndex ? *(PULONG)SubInstanceIndex : 0;
        const RTLP_ASSEMBLY *a;
        PWSTR cursor;
        if (!index || index > ctx->AssemblyCount)
            return STATUS_INVALID_PARAMETER;
        a = &ctx->Assemblies[index - 1];
        needed = sizeof(*info) +
                 (RtlpChars(a->Id.Name) + RtlpChars(a->ManifestPath) + RtlpChars(a->Directory)) * sizeof(WCHAR);
        if (ReturnLength)
            *ReturnLength = needed;
        if (!info || BufferSize < needed)
            return STATUS_BUFFER_TOO_SMALL;
        memset(info, 0, sizeof(*info));
        cursor = (PWSTR)(info + 1);
        info->ulEncodedAssemblyIdentityLength = a->Id.Name ? (ULONG)wcslen(a->Id.Name) * sizeof(WCHAR) : 0;
        info->ulManifestPathType = ACTIVATION_CONTEXT_PATH_TYPE_WIN32_FILE;
        info->ulManifestPathLength = a->ManifestPath ? (ULONG)wcslen(a->ManifestPath) * sizeof(WCHAR) : 0;
        info->ulAssemblyDirectoryNameLength = a->Directory ? (ULONG)wcslen(a->Directory) * sizeof(WCHAR) : 0;
        info->ulFileCount = a->FileCount;
        info->lpAssemblyEncodedAssemblyIdentity = RtlpPlace(&cursor, a->Id.Name);
        info->lpAssemblyManifestPath = RtlpPlace(&cursor, a->ManifestPath);
        info->lpAssemblyDirectoryName = RtlpPlace(&cursor, a->Directory);
        return STATUS_SUCCESS;
    }
    case RunlevelInformationInActivationContext: {
        ACTIVATION_CONTEXT_RUN_LEVEL_INFORMATION *info = Buffer;
        if (ReturnLength)
            *ReturnLength = sizeof(*info);
        if (!info || BufferSize < sizeof(*info))
            return STATUS_BUFFER_TOO_SMALL;
        info->ulFlags = 0;
        info->RunLevel = ctx->RunLevel;
        info->UiAccess = ctx->UiAccess;
        return STATUS_SUCCESS;
    }
    case CompatibilityInformationInActivationContext: {
        ULONG *count = Buffer;
        needed = sizeof(ULONG64) + ctx->CompatCount * sizeof(COMPATIBILITY_CONTEXT_ELEMENT);
        if (ReturnLength)
            *ReturnLength = needed;
        if (!Buffer || BufferSize < needed)
            return STATUS_BUFFER_TOO_SMALL;
        *count = ctx->CompatCount;
        memcpy((UCHAR *)Buffer + sizeof(ULONG64), ctx->Compat, ctx->CompatCount * sizeof(ctx->Compat[0]));
        return STATUS_SUCCESS;
    }
    default:
        RtlpReport("this information class of activation contexts is not implemented", NULL);
        return STATUS_NOT_IMPLEMENTED;
    }
}
