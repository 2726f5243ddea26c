/* Activation contexts: a manifest with a private dependency read into a context, activated and deactivated on
 * the thread's stack, DLL redirection found in it, its information, settings, compatibility and run level;
 * malformed manifests, missing dependencies and bad deactivations refused as Windows refuses them. */
#include "lib/nttest.h"

#define DIR L"C:\\windows\\temp\\veles-actctx"

static const char AppManifest[] =
    "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<!-- the application -->\n"
    "<assembly xmlns=\"urn:schemas-microsoft-com:asm.v1\" manifestVersion=\"1.0\">\n"
    "  <assemblyIdentity type=\"win32\" name=\"Veles.Test.App\" version=\"1.2.3.4\" processorArchitecture=\"amd64\"/>\n"
    "  <file name=\"mylib.dll\"/>\n"
    "  <dependency><dependentAssembly>\n"
    "    <assemblyIdentity type=\"win32\" name=\"Veles.Test.Dep\" version=\"1.0.0.0\"/>\n"
    "  </dependentAssembly></dependency>\n"
    "  <application xmlns=\"urn:schemas-microsoft-com:asm.v3\">\n"
    "    <windowsSettings>\n"
    "      <dpiAware xmlns=\"http://schemas.microsoft.com/SMI/2005/WindowsSettings\">true/pm</dpiAware>\n"
    "      <activeCodePage xmlns=\"http://schemas.microsoft.com/SMI/2019/WindowsSettings\">UTF-8</activeCodePage>\n"
    "    </windowsSettings>\n"
    "  </application>\n"
    "  <compatibility xmlns=\"urn:schemas-microsoft-com:compatibility.v1\"><application>\n"
    "    <supportedOS Id=\"{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}\"/>\n"
    "    <maxversiontested Id=\"10.0.18362.1\"/>\n"
    "  </application></compatibility>\n"
    "  <trustInfo xmlns=\"urn:schemas-microsoft-com:asm.v3\"><security><requestedPrivileges>\n"
    "    <requestedExecutionLevel level=\"asInvoker\" uiAccess=\"false\"/>\n"
    "  </requestedPrivileges></security></trustInfo>\n"
    "</assembly>\n";

static const char DepManifest[] =
    "<assembly xmlns='urn:schemas-microsoft-com:asm.v1' manifestVersion='1.0'>"
    "<assemblyIdentity type='win32' name='Veles.Test.Dep' version='1.0.0.0'/>"
    "<file name='deplib.dll'></file></assembly>";

static NTSTATUS Write(const WCHAR *path, const char *text, ULONG options)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;
    HANDLE h;
    NTSTATUS status;

    if (!RtlDosPathNameToNtPathName_U(path, &name, NULL, NULL))
        return STATUS_OBJECT_PATH_INVALID;
    status = NtCreateFile(&h, FILE_GENERIC_WRITE, &oa, &iosb, NULL, 0, FILE_SHARE_READ,
                          text ? FILE_OVERWRITE_IF : FILE_OPEN_IF, options | FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    RtlFreeUnicodeString(&name);
    if (status)
        return status;
    if (text)
        status = NtWriteFile(h, NULL, NULL, NULL, &iosb, (PVOID)text, (ULONG)strlen(text), NULL, NULL);
    NtClose(h);
    return status;
}

static NTSTATUS Create(const WCHAR *source, HANDLE *ctx)
{
    ACTCTXW description = {.cbSize = sizeof(description), .lpSource = source};
    *ctx = NULL;
    return RtlCreateActivationContext(ctx, &description);
}

static CONTEXT Escape;
static volatile LONG Raised;

static LONG NTAPI CatchRaise(EXCEPTION_POINTERS *pointers)
{
    Raised = pointers->ExceptionRecord->ExceptionCode;
    RtlRestoreContext(&Escape, NULL);
    return EXCEPTION_CONTINUE_SEARCH;
}

static NTSTATUS DeactivateRaises(ULONG flags, ULONG_PTR cookie)
{
    PVOID handler = RtlAddVectoredExceptionHandler(1, CatchRaise);
    Raised = 0;
    RtlCaptureContext(&Escape);
    if (!Raised)
        RtlDeactivateActivationContext(flags, cookie);
    RtlRemoveVectoredExceptionHandler(handler);
    return Raised;
}

static void TestContext(HANDLE ctx)
{
    ACTCTX_SECTION_KEYED_DATA data = {.cbSize = sizeof(data)};
    UNICODE_STRING dll;
    ULONG_PTR cookie = 0, inner = 0;
    HANDLE active = (HANDLE)1;
    union {
        ACTIVATION_CONTEXT_DETAILED_INFORMATION detailed;
        ACTIVATION_CONTEXT_ASSEMBLY_DETAILED_INFORMATION assembly;
        ACTIVATION_CONTEXT_BASIC_INFORMATION basic;
        ACTIVATION_CONTEXT_RUN_LEVEL_INFORMATION run;
        UCHAR bytes[1024];
    } info;
    SIZE_T length = 0;
    ULONG index = 2;
    WCHAR value[32];

    RtlInitUnicodeString(&dll, L"MYLIB.DLL");
    ok_status(RtlFindActivationContextSectionString(0, NULL, ACTIVATION_CONTEXT_SECTION_DLL_REDIRECTION, &dll, &data),
              STATUS_SXS_KEY_NOT_FOUND);
    ok_status(RtlActivateActivationContext(0, ctx, &cookie), STATUS_SUCCESS);
    ok_status(RtlGetActiveActivationContext(&active), STATUS_SUCCESS);
    ok(active == ctx && cookie, "active, with a cookie");
    RtlReleaseActivationContext(active);

    ok_status(RtlFindActivationContextSectionString(FIND_ACTCTX_SECTION_KEY_RETURN_HACTCTX, NULL,
                                                    ACTIVATION_CONTEXT_SECTION_DLL_REDIRECTION, &dll, &data),
              STATUS_SUCCESS);
    ok(data.hActCtx == ctx && data.ulAssemblyRosterIndex == 1 && data.lpData && data.ulLength >= 20,
       "the application's DLL, in assembly 1: %u", data.ulAssemblyRosterIndex);
    RtlReleaseActivationContext(data.hActCtx);
    RtlInitUnicodeString(&dll, L"deplib.dll");
    ok_status(RtlFindActivationContextSectionString(0, NULL, ACTIVATION_CONTEXT_SECTION_DLL_REDIRECTION, &dll, &data),
              STATUS_SUCCESS);
    ok(data.ulAssemblyRosterIndex == 2 && !data.hActCtx, "the dependency's, in assembly 2");
    RtlInitUnicodeString(&dll, L"other.dll");
    ok_status(RtlFindActivationContextSectionString(0, NULL, ACTIVATION_CONTEXT_SECTION_DLL_REDIRECTION, &dll, &data),
              STATUS_SXS_KEY_NOT_FOUND);

    ok_status(RtlQueryInformationActivationContext(QUERY_ACTCTX_FLAG_USE_ACTIVE_ACTCTX, NULL, NULL,
                                                   ActivationContextBasicInformation, &info, sizeof(info), &length),
              STATUS_SUCCESS);
    ok(info.basic.hActCtx == ctx && length == sizeof(info.basic), "basic information of the active one");
    RtlReleaseActivationContext(ctx);
    ok_status(RtlQueryInformationActivationContext(0, ctx, NULL, ActivationContextDetailedInformation, NULL, 0,
                                                   &length),
              STATUS_BUFFER_TOO_SMALL);
    ok_status(RtlQueryInformationActivationContext(0, ctx, NULL, ActivationContextDetailedInformation, &info,
                                                   sizeof(info), &length),
              STATUS_SUCCESS);
    ok(info.detailed.ulAssemblyCount == 2 && info.detailed.lpRootManifestPath &&
           !_wcsicmp(info.detailed.lpRootManifestPath, DIR L"\\app.manifest") &&
           !_wcsicmp(info.detailed.lpAppDirPath, DIR L"\\"),
       "two assemblies, the manifest and the application's directory: [%S]", info.detailed.lpAppDirPath);
    ok_status(RtlQueryInformationActivationContext(0, ctx, &index, AssemblyDetailedInformationInActivationContext,
                                                   &info, sizeof(info), &length),
              STATUS_SUCCESS);
    ok(info.assembly.lpAssemblyManifestPath &&
           !_wcsicmp(info.assembly.lpAssemblyManifestPath, DIR L"\\Veles.Test.Dep.manifest") &&
           info.assembly.ulFileCount == 1,
       "the dependency's manifest: [%S]", info.assembly.lpAssemblyManifestPath);
    ok_status(RtlQueryInformationActivationContext(0, ctx, NULL, RunlevelInformationInActivationContext, &info,
                                                   sizeof(info), &length),
              STATUS_SUCCESS);
    ok(info.run.RunLevel == 1 && !info.run.UiAccess, "as invoker");
    ok_status(RtlQueryInformationActivationContext(0, ctx, NULL, CompatibilityInformationInActivationContext, &info,
                                                   sizeof(info), &length),
              STATUS_SUCCESS);
    {
        const COMPATIBILITY_CONTEXT_ELEMENT *e = (const COMPATIBILITY_CONTEXT_ELEMENT *)(info.bytes + 8);
        ok(*(ULONG *)info.bytes == 2 && e[0].Type == 1 && e[0].Id.Data1 == 0x8e0f7a12 && e[1].Type == 3 &&
               e[1].MaxVersionTested == 0x000a000047ba0001ull,
           "Windows 10 supported, 10.0.18362.1 tested: %llx", (unsigned long long)e[1].MaxVersionTested);
    }

    ok_status(RtlQueryActivationContextApplicationSettings(0, NULL, NULL, L"dpiAware", value, 32, &length),
              STATUS_SUCCESS);
    ok(!wcscmp(value, L"true/pm") && length == 8, "a setting of the active context: [%S]", value);
    ok_status(RtlQueryActivationContextApplicationSettings(0, ctx, L"http://schemas.microsoft.com/SMI/2019/WindowsSettings",
                                                           L"activeCodePage", value, 32, &length),
              STATUS_SUCCESS);
    ok(!wcscmp(value, L"UTF-8"), "in another namespace");
    ok_status(RtlQueryActivationContextApplicationSettings(0, ctx, NULL, L"activeCodePage", value, 32, &length),
              STATUS_SXS_KEY_NOT_FOUND);
    ok_status(RtlQueryActivationContextApplicationSettings(0, ctx, NULL, L"dpiAware", value, 3, &length),
              STATUS_BUFFER_TOO_SMALL);

    /* Nested frames: deactivating the outer one early raises; forced, it takes both. */
    ok_status(RtlActivateActivationContext(0, ctx, &inner), STATUS_SUCCESS);
    ok_status(DeactivateRaises(0, cookie), STATUS_SXS_EARLY_DEACTIVATION);
    ok_status(DeactivateRaises(0, 0x1234), STATUS_SXS_INVALID_DEACTIVATION);
    ok_status(DeactivateRaises(DEACTIVATE_ACTCTX_FLAG_FORCE_EARLY_DEACTIVATION, cookie), 0);
    ok_status(RtlGetActiveActivationContext(&active), STATUS_SUCCESS);
    ok(active == NULL, "nothing active any more");
    ok_status(DeactivateRaises(0, inner), STATUS_SXS_INVALID_DEACTIVATION);

    /* A zombie is still a handle but no longer found in. */
    ok_status(RtlActivateActivationContext(0, ctx, &cookie), STATUS_SUCCESS);
    ok_status(RtlZombifyActivationContext(ctx), STATUS_SUCCESS);
    RtlInitUnicodeString(&dll, L"mylib.dll");
    ok_status(RtlFindActivationContextSectionString(0, NULL, ACTIVATION_CONTEXT_SECTION_DLL_REDIRECTION, &dll, &data),
              STATUS_SXS_KEY_NOT_FOUND);
    RtlDeactivateActivationContext(0, cookie);
}

void RunTests(void)
{
    HANDLE ctx = NULL;

    ok_status(Write(DIR, NULL, FILE_DIRECTORY_FILE), STATUS_SUCCESS);
    ok_status(Write(DIR L"\\app.manifest", AppManifest, 0), STATUS_SUCCESS);
    ok_status(Write(DIR L"\\Veles.Test.Dep.manifest", DepManifest, 0), STATUS_SUCCESS);
    ok_status(Write(DIR L"\\nodep.manifest",
                    "<assembly><assemblyIdentity name='A'/><dependency><dependentAssembly>"
                    "<assemblyIdentity name='Missing.Assembly'/></dependentAssembly></dependency></assembly>",
                    0),
              STATUS_SUCCESS);
    ok_status(Write(DIR L"\\broken.manifest", "<assembly><assemblyIdentity name='A'/><file></assembly>", 0),
              STATUS_SUCCESS);
    ok_status(Write(DIR L"\\notassembly.manifest", "<configuration/>", 0), STATUS_SUCCESS);

    ok_status(Create(DIR L"\\app.manifest", &ctx), STATUS_SUCCESS);
    if (ctx) {
        TestContext(ctx);
        RtlReleaseActivationContext(ctx);
    }
    ok_status(Create(DIR L"\\nodep.manifest", &ctx), STATUS_SXS_CANT_GEN_ACTCTX);
    ok_status(Create(DIR L"\\broken.manifest", &ctx), STATUS_SXS_MANIFEST_PARSE_ERROR);
    ok_status(Create(DIR L"\\notassembly.manifest", &ctx), STATUS_SXS_MANIFEST_FORMAT_ERROR);
    ok_status(Create(DIR L"\\missing.manifest", &ctx), STATUS_OBJECT_NAME_NOT_FOUND);
    ok(ctx == NULL, "no handle for a failure");
    ok_status(RtlCreateActivationContext(&ctx, NULL), STATUS_INVALID_PARAMETER);

    /* From a module's manifest resource. */
    {
        UNICODE_STRING name, dll;
        PVOID module = NULL;
        ACTCTXW description = {.cbSize = sizeof(description), .dwFlags = ACTCTX_FLAG_HMODULE_VALID};
        ACTCTX_SECTION_KEYED_DATA data = {.cbSize = sizeof(data)};
        ULONG_PTR cookie;

        RtlInitUnicodeString(&name, L"ldrtest_a.dll");
        ok_status(LdrLoadDll(NULL, NULL, &name, &module), STATUS_SUCCESS);
        description.hModule = module;
        ok_status(RtlCreateActivationContext(&ctx, &description), STATUS_SUCCESS);
        ok_status(RtlActivateActivationContext(0, ctx, &cookie), STATUS_SUCCESS);
        RtlInitUnicodeString(&dll, L"LDRTEST_A.DLL");
        ok_status(RtlFindActivationContextSectionString(0, NULL, ACTIVATION_CONTEXT_SECTION_DLL_REDIRECTION, &dll,
                                                        &data),
                  STATUS_SUCCESS);
        ok_status(RtlFindActivationContextSectionGuid(0, NULL, 4, &(GUID){0}, &data), STATUS_SXS_SECTION_NOT_FOUND);
        RtlDeactivateActivationContext(0, cookie);
        RtlReleaseActivationContext(ctx);
        description.dwFlags |= ACTCTX_FLAG_RESOURCE_NAME_VALID;
        description.lpResourceName = (PCWSTR)2;
        ok_status(RtlCreateActivationContext(&ctx, &description), STATUS_RESOURCE_NAME_NOT_FOUND);
    }
    ok_status(RtlQueryInformationActivationContext(0, (HANDLE)0x1230, NULL, ActivationContextDetailedInformation,
                                                   NULL, 0, NULL),
              STATUS_INVALID_PARAMETER);
}
