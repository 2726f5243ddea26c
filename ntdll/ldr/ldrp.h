/* What the loader's files share inside ntdll: the module entries, the loader lock, and each step of a load. */
#ifndef LDR_LDRP_H
#define LDR_LDRP_H

#include "nt/services.h"
#include "rtl/rtlp.h"

/* A loaded image: Windows' entry first (PEB->Ldr's lists link it), then what only the loader needs. */
typedef struct LDRP_MODULE {
    LDR_DATA_TABLE_ENTRY Entry;
    struct LDRP_MODULE **Dependencies; /* what its imports and forwarders loaded, one reference each */
    ULONG DependencyCount, DependencyCapacity;
    BOOLEAN HasTls;                    /* Entry.TlsIndex is one of the slots of every thread's array */
} LDRP_MODULE;

#define LDRP_PINNED 0xffff /* ObsoleteLoadCount of a module that never unloads */
#define LDRP_MAX_NAME 1024 /* characters of a DLL name, with room for ".dll" */

extern PEB_LDR_DATA LdrpData;
extern RTL_CRITICAL_SECTION LdrpLoaderLock;
extern LDRP_MODULE *LdrpExecutable;
/* Set once the process's static DLLs are initialised: later loads run their DllMain at once, and no
 * longer print why they failed (the caller hears the status). */
extern BOOLEAN LdrpProcessInitialized;

/* RtlpReport with a UNICODE_STRING part, converted to UTF-8 (ldrinit.c). */
void LdrpReportName(const char *a, const UNICODE_STRING *name, const char *b);

/* Module entries (ldrmodule.c). All under the loader lock. */
LDRP_MODULE *LdrpCreateModule(PVOID base, const UNICODE_STRING *full_name, LDR_DLL_LOAD_REASON reason);
void LdrpDeleteModule(LDRP_MODULE *module);
/* A loaded module by base name (case-blind), or by full name when the name has a directory. */
LDRP_MODULE *LdrpFindModuleByName(const UNICODE_STRING *name);
LDRP_MODULE *LdrpFindModuleByAddress(PVOID address);
/* The module loaded at exactly base: a handle, not any address inside the image. */
LDRP_MODULE *LdrpFindModuleByBase(PVOID base);
NTSTATUS LdrpAddDependency(LDRP_MODULE *module, LDRP_MODULE *dependency);
/* Keep the reference the caller holds on dependency as the module's, unless it has one already: then the
 * caller's goes. On failure too the caller's reference is gone. */
NTSTATUS LdrpHoldDependency(LDRP_MODULE *module, LDRP_MODULE *dependency);

/* name as the loader looks it up, in buffer (LDRP_MAX_NAME characters): an API set resolved to its host
 * for importer, ".dll" added when the name has no extension (a trailing dot means none). */
NTSTATUS LdrpCanonicalName(const UNICODE_STRING *name, const LDRP_MODULE *importer, UNICODE_STRING *out,
                           WCHAR *buffer);
/* Loading (ldrload.c): find name along search_path (';'-separated DOS directories, NULL for the
 * default), map it and, when resolve, snap its imports and (once the process runs) initialise it. The
 * module comes back referenced once more. importer is what asked (API sets may answer it differently). */
NTSTATUS LdrpLoadDll(const UNICODE_STRING *name, PCWSTR search_path, LDRP_MODULE *importer,
                     LDR_DLL_LOAD_REASON reason, BOOLEAN resolve, LDRP_MODULE **module);
void LdrpDereferenceModule(LDRP_MODULE *module);
/* Tell the DLL notification callbacks that module was loaded or is being unloaded (ldrnotify.c). */
void LdrpNotifyDll(LDRP_MODULE *module, ULONG reason);
/* Run DLL_PROCESS_ATTACH for module and what it depends on, dependencies first. */
NTSTATUS LdrpRunInitializers(LDRP_MODULE *module);
/* Call a module's TLS callbacks and DllMain with reason. */
BOOLEAN LdrpCallEntry(LDRP_MODULE *module, ULONG reason, PVOID context);
/* The default search path: the program's directory, system32, the Windows directory, the current
 * directory and PATH. Allocated from the process heap. */
PWSTR LdrpDefaultSearchPath(void);

/* Imports and exports (ldrsnap.c). */
/* Load what the module imports (along search_path) and fill its import address table. */
NTSTATUS LdrpSnapModule(LDRP_MODULE *module, PCWSTR search_path);
/* The address of an export by name (hint: where to look first) or, with name NULL, by ordinal, following
 * forwarders, whose DLLs become dependencies of the module. STATUS_PROCEDURE_NOT_FOUND or
 * STATUS_ORDINAL_NOT_FOUND when there is none. */
NTSTATUS LdrpGetProcedureAddress(LDRP_MODULE *module, const char *name, ULONG ordinal_or_hint, PVOID *address);

/* API sets (apiset.c): the host DLL of an api-ms-* / ext-ms-* name for importer, STATUS_DLL_NOT_FOUND when
 * the schema has none, STATUS_OBJECT_NAME_NOT_FOUND when name is no API set. host points into the schema. */
NTSTATUS LdrpMapSchema(void);
NTSTATUS LdrpResolveApiSet(const UNICODE_STRING *name, const LDRP_MODULE *importer, UNICODE_STRING *host);

/* Thread-local storage (ldrtls.c). */
NTSTATUS LdrpAllocateTlsIndex(LDRP_MODULE *module);
void LdrpReleaseTlsIndex(LDRP_MODULE *module);
NTSTATUS LdrpInitializeThreadTls(void);
void LdrpFreeThreadTls(void);

#endif
