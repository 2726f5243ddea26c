/* What ntdll exports besides the system-call stubs: one declaration of each, which ntdll's own definitions
 * are compiled against and the programs that call them include. */
#ifndef NT_NTDLL_H
#define NT_NTDLL_H

#include <stdarg.h>
#include "types.h"

void NTAPI RtlCaptureContext(PCONTEXT Context);
void NTAPI RtlRaiseException(PEXCEPTION_RECORD Record);
void NTAPI RtlExitUserProcess(NTSTATUS status);
void NTAPI RtlExitUserThread(ULONG status);
PVOID NTAPI RtlAddVectoredExceptionHandler(ULONG First, PVECTORED_EXCEPTION_HANDLER Handler);
ULONG NTAPI RtlRemoveVectoredExceptionHandler(PVOID Handle);
PRUNTIME_FUNCTION NTAPI RtlLookupFunctionEntry(ULONG64 ControlPc, PULONG64 ImageBase, PVOID HistoryTable);
PEXCEPTION_ROUTINE NTAPI RtlVirtualUnwind(ULONG HandlerType, ULONG64 ImageBase, ULONG64 ControlPc,
                                          PRUNTIME_FUNCTION FunctionEntry, PCONTEXT ContextRecord, PVOID *HandlerData,
                                          PULONG64 EstablisherFrame, PVOID ContextPointers);
void NTAPI RtlUnwindEx(PVOID TargetFrame, PVOID TargetIp, PEXCEPTION_RECORD ExceptionRecord, PVOID ReturnValue,
                       PCONTEXT ContextRecord, PVOID HistoryTable);
void NTAPI RtlUnwind(PVOID TargetFrame, PVOID TargetIp, PEXCEPTION_RECORD ExceptionRecord, PVOID ReturnValue);
void NTAPI RtlRestoreContext(PCONTEXT ContextRecord, PEXCEPTION_RECORD ExceptionRecord);
BOOLEAN NTAPI RtlAddFunctionTable(PRUNTIME_FUNCTION FunctionTable, ULONG EntryCount, ULONG64 BaseAddress);
BOOLEAN NTAPI RtlDeleteFunctionTable(PRUNTIME_FUNCTION FunctionTable);
PVOID NTAPI RtlCreateHeap(ULONG Flags, PVOID HeapBase, SIZE_T ReserveSize, SIZE_T CommitSize, PVOID Lock,
                          PRTL_HEAP_PARAMETERS Parameters);
PVOID NTAPI RtlDestroyHeap(PVOID HeapHandle);
PVOID NTAPI RtlAllocateHeap(PVOID HeapHandle, ULONG Flags, SIZE_T Size);
BOOLEAN NTAPI RtlFreeHeap(PVOID HeapHandle, ULONG Flags, PVOID BaseAddress);
PVOID NTAPI RtlReAllocateHeap(PVOID HeapHandle, ULONG Flags, PVOID Ptr, SIZE_T Size);
SIZE_T NTAPI RtlSizeHeap(PVOID HeapHandle, ULONG Flags, const void *Ptr);
BOOLEAN NTAPI RtlValidateHeap(PVOID HeapHandle, ULONG Flags, const void *Block);
BOOLEAN NTAPI RtlLockHeap(PVOID HeapHandle);
BOOLEAN NTAPI RtlUnlockHeap(PVOID HeapHandle);
ULONG NTAPI RtlGetProcessHeaps(ULONG NumberOfHeaps, PVOID *ProcessHeaps);
NTSTATUS NTAPI RtlWaitOnAddress(const volatile void *Address, PVOID CompareAddress, SIZE_T AddressSize,
                                PLARGE_INTEGER Timeout);
void NTAPI RtlWakeAddressSingle(PVOID Address);
void NTAPI RtlWakeAddressAll(PVOID Address);
NTSTATUS NTAPI RtlInitializeCriticalSectionEx(PRTL_CRITICAL_SECTION CriticalSection, ULONG SpinCount, ULONG Flags);
NTSTATUS NTAPI RtlInitializeCriticalSectionAndSpinCount(PRTL_CRITICAL_SECTION CriticalSection, ULONG SpinCount);
NTSTATUS NTAPI RtlInitializeCriticalSection(PRTL_CRITICAL_SECTION CriticalSection);
NTSTATUS NTAPI RtlDeleteCriticalSection(PRTL_CRITICAL_SECTION CriticalSection);
ULONG NTAPI RtlSetCriticalSectionSpinCount(PRTL_CRITICAL_SECTION CriticalSection, ULONG SpinCount);
BOOLEAN NTAPI RtlTryEnterCriticalSection(PRTL_CRITICAL_SECTION CriticalSection);
NTSTATUS NTAPI RtlEnterCriticalSection(PRTL_CRITICAL_SECTION CriticalSection);
NTSTATUS NTAPI RtlLeaveCriticalSection(PRTL_CRITICAL_SECTION CriticalSection);
void NTAPI RtlInitializeResource(PRTL_RESOURCE Resource);
void NTAPI RtlDeleteResource(PRTL_RESOURCE Resource);
BOOLEAN NTAPI RtlAcquireResourceExclusive(PRTL_RESOURCE Resource, BOOLEAN Wait);
BOOLEAN NTAPI RtlAcquireResourceShared(PRTL_RESOURCE Resource, BOOLEAN Wait);
void NTAPI RtlReleaseResource(PRTL_RESOURCE Resource);
void NTAPI RtlConvertSharedToExclusive(PRTL_RESOURCE Resource);
void NTAPI RtlConvertExclusiveToShared(PRTL_RESOURCE Resource);
BOOLEAN NTAPI RtlIsCriticalSectionLocked(PRTL_CRITICAL_SECTION CriticalSection);
BOOLEAN NTAPI RtlIsCriticalSectionLockedByThread(PRTL_CRITICAL_SECTION CriticalSection);
void NTAPI RtlInitializeSRWLock(PRTL_SRWLOCK SRWLock);
BOOLEAN NTAPI RtlTryAcquireSRWLockExclusive(PRTL_SRWLOCK SRWLock);
BOOLEAN NTAPI RtlTryAcquireSRWLockShared(PRTL_SRWLOCK SRWLock);
void NTAPI RtlAcquireSRWLockExclusive(PRTL_SRWLOCK SRWLock);
void NTAPI RtlAcquireSRWLockShared(PRTL_SRWLOCK SRWLock);
void NTAPI RtlReleaseSRWLockExclusive(PRTL_SRWLOCK SRWLock);
void NTAPI RtlReleaseSRWLockShared(PRTL_SRWLOCK SRWLock);
void NTAPI RtlInitializeConditionVariable(PRTL_CONDITION_VARIABLE ConditionVariable);
void NTAPI RtlWakeConditionVariable(PRTL_CONDITION_VARIABLE ConditionVariable);
void NTAPI RtlWakeAllConditionVariable(PRTL_CONDITION_VARIABLE ConditionVariable);
NTSTATUS NTAPI RtlSleepConditionVariableCS(PRTL_CONDITION_VARIABLE ConditionVariable,
                                           PRTL_CRITICAL_SECTION CriticalSection, PLARGE_INTEGER Timeout);
NTSTATUS NTAPI RtlSleepConditionVariableSRW(PRTL_CONDITION_VARIABLE ConditionVariable, PRTL_SRWLOCK SRWLock,
                                            PLARGE_INTEGER Timeout, ULONG Flags);
void NTAPI RtlRunOnceInitialize(PRTL_RUN_ONCE RunOnce);
NTSTATUS NTAPI RtlRunOnceBeginInitialize(PRTL_RUN_ONCE RunOnce, ULONG Flags, PVOID *Context);
NTSTATUS NTAPI RtlRunOnceComplete(PRTL_RUN_ONCE RunOnce, ULONG Flags, PVOID Context);
NTSTATUS NTAPI RtlRunOnceExecuteOnce(PRTL_RUN_ONCE RunOnce, PRTL_RUN_ONCE_INIT_FN Function, PVOID Parameter,
                                     PVOID *Context);
void NTAPI RtlInitializeBitMap(PRTL_BITMAP BitMapHeader, PULONG BitMapBuffer, ULONG SizeOfBitMap);
void NTAPI RtlSetBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG NumberToSet);
void NTAPI RtlClearBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG NumberToClear);
void NTAPI RtlSetAllBits(PRTL_BITMAP BitMapHeader);
void NTAPI RtlClearAllBits(PRTL_BITMAP BitMapHeader);
BOOLEAN NTAPI RtlTestBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber);
BOOLEAN NTAPI RtlAreBitsSet(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length);
BOOLEAN NTAPI RtlAreBitsClear(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length);
ULONG NTAPI RtlFindClearBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex);
ULONG NTAPI RtlFindSetBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex);
ULONG NTAPI RtlFindClearBitsAndSet(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex);
ULONG NTAPI RtlFindSetBitsAndClear(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex);
ULONG NTAPI RtlNumberOfSetBits(PRTL_BITMAP BitMapHeader);
ULONG NTAPI RtlNumberOfClearBits(PRTL_BITMAP BitMapHeader);
ULONG NTAPI RtlFindNextForwardRunSet(PRTL_BITMAP BitMapHeader, ULONG FromIndex, PULONG StartingRunIndex);
ULONG NTAPI RtlFindNextForwardRunClear(PRTL_BITMAP BitMapHeader, ULONG FromIndex, PULONG StartingRunIndex);
ULONG NTAPI RtlFindSetRuns(PRTL_BITMAP BitMapHeader, PRTL_BITMAP_RUN RunArray, ULONG SizeOfRunArray,
                           BOOLEAN LocateLongestRuns);
ULONG NTAPI RtlFindClearRuns(PRTL_BITMAP BitMapHeader, PRTL_BITMAP_RUN RunArray, ULONG SizeOfRunArray,
                             BOOLEAN LocateLongestRuns);
ULONG NTAPI RtlFindLongestRunSet(PRTL_BITMAP BitMapHeader, PULONG StartingIndex);
ULONG NTAPI RtlFindLongestRunClear(PRTL_BITMAP BitMapHeader, PULONG StartingIndex);
CCHAR NTAPI RtlFindMostSignificantBit(ULONGLONG Set);
CCHAR NTAPI RtlFindLeastSignificantBit(ULONGLONG Set);
USHORT NTAPI RtlWow64GetCurrentMachine(void);
NTSTATUS NTAPI RtlWow64IsWowGuestMachineSupported(USHORT Machine, PBOOLEAN Supported);
NTSTATUS NTAPI RtlGetNativeSystemInformation(SYSTEM_INFORMATION_CLASS SystemInformationClass, PVOID SystemInformation,
                                             ULONG SystemInformationLength, PULONG ReturnLength);
NTSTATUS NTAPI RtlIntegerToChar(ULONG Value, ULONG Base, LONG Length, PCHAR String);
NTSTATUS NTAPI RtlLargeIntegerToChar(const ULONGLONG *Value, ULONG Base, ULONG Length, PCHAR String);
NTSTATUS NTAPI RtlIntegerToUnicodeString(ULONG Value, ULONG Base, PUNICODE_STRING String);
NTSTATUS NTAPI RtlInt64ToUnicodeString(ULONGLONG Value, ULONG Base, PUNICODE_STRING String);
LONGLONG NTAPI RtlExtendedMagicDivide(LONGLONG Dividend, LONGLONG MagicDivisor, CCHAR ShiftCount);
USHORT NTAPI RtlUshortByteSwap(USHORT Source);
ULONG NTAPI RtlUlongByteSwap(ULONG Source);
ULONGLONG NTAPI RtlUlonglongByteSwap(ULONGLONG Source);
void NTAPI RtlTimeToTimeFields(PLARGE_INTEGER Time, PTIME_FIELDS TimeFields);
BOOLEAN NTAPI RtlTimeFieldsToTime(PTIME_FIELDS TimeFields, PLARGE_INTEGER Time);
BOOLEAN NTAPI RtlTimeToSecondsSince1970(PLARGE_INTEGER Time, PULONG ElapsedSeconds);
BOOLEAN NTAPI RtlTimeToSecondsSince1980(PLARGE_INTEGER Time, PULONG ElapsedSeconds);
void NTAPI RtlSecondsSince1970ToTime(ULONG ElapsedSeconds, PLARGE_INTEGER Time);
void NTAPI RtlSecondsSince1980ToTime(ULONG ElapsedSeconds, PLARGE_INTEGER Time);
LONGLONG NTAPI RtlGetSystemTimePrecise(void);
ULONG NTAPI RtlGetLastWin32Error(void);
void NTAPI RtlSetLastWin32Error(ULONG Error);
void NTAPI RtlRestoreLastWin32Error(ULONG Error);
NTSTATUS NTAPI RtlGetLastNtStatus(void);
ULONG NTAPI RtlGetThreadErrorMode(void);
NTSTATUS NTAPI RtlSetThreadErrorMode(ULONG NewMode, PULONG OldMode);
PPEB NTAPI RtlGetCurrentPeb(void);
NTSTATUS NTAPI RtlGetVersion(PRTL_OSVERSIONINFOEXW VersionInformation);
PIMAGE_NT_HEADERS64 NTAPI RtlImageNtHeader(PVOID Base);
IMAGE_BASE_RELOCATION *NTAPI LdrProcessRelocationBlock(ULONG_PTR Address, ULONG Count, PUSHORT TypeOffset,
                                                       LONG_PTR Delta);
PVOID NTAPI RtlImageDirectoryEntryToData(PVOID Base, BOOLEAN MappedAsImage, USHORT Directory, PULONG Size);
PVOID NTAPI RtlPcToFileHeader(PVOID PcValue, PVOID *BaseOfImage);
void NTAPI RtlAcquirePebLock(void);
void NTAPI RtlReleasePebLock(void);
BOOLEAN NTAPI RtlIsProcessorFeaturePresent(ULONG Feature);
void NTAPI RtlInitUnicodeString(PUNICODE_STRING Destination, PCWSTR Source);
NTSTATUS NTAPI RtlInitUnicodeStringEx(PUNICODE_STRING Destination, PCWSTR Source);
void NTAPI RtlInitString(PSTRING Destination, PCSTR Source);
void NTAPI RtlInitAnsiString(PANSI_STRING Destination, PCSTR Source);
NTSTATUS NTAPI RtlInitAnsiStringEx(PANSI_STRING Destination, PCSTR Source);
WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR Source);
WCHAR NTAPI RtlDowncaseUnicodeChar(WCHAR Source);
LONG NTAPI RtlCompareUnicodeStrings(PCWSTR String1, SIZE_T Length1, PCWSTR String2, SIZE_T Length2,
                                    BOOLEAN CaseInSensitive);
LONG NTAPI RtlCompareUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive);
BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive);
BOOLEAN NTAPI RtlPrefixUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive);
NTSTATUS NTAPI RtlUpcaseUnicodeString(PUNICODE_STRING Destination, PCUNICODE_STRING Source,
                                      BOOLEAN AllocateDestinationString);
NTSTATUS NTAPI RtlAppendUnicodeToString(PUNICODE_STRING Destination, PCWSTR Source);
NTSTATUS NTAPI RtlAppendUnicodeStringToString(PUNICODE_STRING Destination, PCUNICODE_STRING Source);
void NTAPI RtlCopyUnicodeString(PUNICODE_STRING Destination, PCUNICODE_STRING Source);
BOOLEAN NTAPI RtlCreateUnicodeString(PUNICODE_STRING Destination, PCWSTR Source);
NTSTATUS NTAPI RtlDuplicateUnicodeString(ULONG Flags, PCUNICODE_STRING Source, PUNICODE_STRING Destination);
void NTAPI RtlFreeUnicodeString(PUNICODE_STRING String);
void NTAPI RtlFreeAnsiString(PANSI_STRING String);

RTL_PATH_TYPE NTAPI RtlDetermineDosPathNameType_U(PCWSTR Path);
ULONG NTAPI RtlGetFullPathName_U(PCWSTR FileName, ULONG Size, PWSTR Buffer, PWSTR *FilePart);
NTSTATUS NTAPI RtlDosPathNameToNtPathName_U_WithStatus(PCWSTR DosName, PUNICODE_STRING NtName, PWSTR *FilePart,
                                                       PRTL_RELATIVE_NAME_U RelativeName);
BOOLEAN NTAPI RtlDosPathNameToNtPathName_U(PCWSTR DosName, PUNICODE_STRING NtName, PWSTR *FilePart,
                                           PRTL_RELATIVE_NAME_U RelativeName);
ULONG NTAPI RtlGetCurrentDirectory_U(ULONG Length, PWSTR Buffer);
NTSTATUS NTAPI RtlSetCurrentDirectory_U(PUNICODE_STRING Directory);

NTSTATUS NTAPI LdrLoadDll(PWSTR SearchPath, PULONG DllCharacteristics, PUNICODE_STRING DllName, PVOID *BaseAddress);
NTSTATUS NTAPI LdrUnloadDll(PVOID BaseAddress);
PVOID NTAPI RtlFindExportedRoutineByName(PVOID BaseOfImage, PCSTR RoutineName);
NTSTATUS NTAPI LdrGetDllHandle(PWSTR DllPath, PULONG DllCharacteristics, PUNICODE_STRING DllName, PVOID *DllHandle);
NTSTATUS NTAPI LdrGetDllHandleEx(ULONG Flags, PWSTR DllPath, PULONG DllCharacteristics, PUNICODE_STRING DllName,
                                 PVOID *DllHandle);
NTSTATUS NTAPI LdrGetProcedureAddress(PVOID BaseAddress, PANSI_STRING Name, ULONG Ordinal, PVOID *Address);
NTSTATUS NTAPI LdrGetProcedureAddressForCaller(PVOID BaseAddress, PANSI_STRING Name, ULONG Ordinal,
                                               PVOID *Address, ULONG Flags, PVOID *CallerAddress);
NTSTATUS NTAPI LdrAddRefDll(ULONG Flags, PVOID BaseAddress);
NTSTATUS NTAPI LdrGetDllFullName(PVOID DllHandle, PUNICODE_STRING FullDllName);
NTSTATUS NTAPI LdrGetDllPath(PCWSTR Module, ULONG Flags, PWSTR *Path, PWSTR *Unknown);
void NTAPI RtlReleasePath(PWSTR Path);
NTSTATUS NTAPI LdrFindEntryForAddress(PVOID Address, PLDR_DATA_TABLE_ENTRY *Entry);
NTSTATUS NTAPI LdrLockLoaderLock(ULONG Flags, PULONG Disposition, PULONG_PTR Cookie);
NTSTATUS NTAPI LdrUnlockLoaderLock(ULONG Flags, ULONG_PTR Cookie);
NTSTATUS NTAPI LdrRegisterDllNotification(ULONG Flags, PLDR_DLL_NOTIFICATION_FUNCTION Callback, PVOID Context,
                                           PVOID *Cookie);
NTSTATUS NTAPI LdrUnregisterDllNotification(PVOID Cookie);
NTSTATUS NTAPI LdrEnumerateLoadedModules(PVOID Reserved, PLDR_ENUM_CALLBACK Callback, PVOID Context);
void NTAPI LdrShutdownProcess(void);
void NTAPI LdrShutdownThread(void);

NTSTATUS NTAPI LdrSetDllDirectory(PCUNICODE_STRING Directory);
NTSTATUS NTAPI LdrGetDllDirectory(PUNICODE_STRING Directory);
NTSTATUS NTAPI LdrAddDllDirectory(PCUNICODE_STRING Directory, PVOID *Cookie);
NTSTATUS NTAPI LdrRemoveDllDirectory(PVOID Cookie);
NTSTATUS NTAPI LdrSetDefaultDllDirectories(ULONG DirectoryFlags);
NTSTATUS NTAPI LdrDisableThreadCalloutsForDll(PVOID BaseAddress);

NTSTATUS NTAPI LdrFindResource_U(PVOID BaseAddress, PLDR_RESOURCE_INFO ResourceInfo, ULONG Level,
                                 IMAGE_RESOURCE_DATA_ENTRY **ResourceDataEntry);
NTSTATUS NTAPI LdrFindResourceDirectory_U(PVOID BaseAddress, PLDR_RESOURCE_INFO ResourceInfo, ULONG Level,
                                          IMAGE_RESOURCE_DIRECTORY **ResourceDirectory);
NTSTATUS NTAPI LdrAccessResource(PVOID BaseAddress, IMAGE_RESOURCE_DATA_ENTRY *ResourceDataEntry, PVOID *Resource,
                                 PULONG Size);

PVOID NTAPI LdrResolveDelayLoadedAPI(PVOID ParentModuleBase, const IMAGE_DELAYLOAD_DESCRIPTOR *DelayloadDescriptor,
                                     PDELAYLOAD_FAILURE_DLL_CALLBACK FailureDllHook,
                                     PDELAYLOAD_FAILURE_SYSTEM_ROUTINE FailureSystemHook, ULONG64 *ThunkAddress,
                                     ULONG Flags);

NTSTATUS NTAPI RtlCreateEnvironment(BOOLEAN Inherit, PWSTR *Environment);
NTSTATUS NTAPI RtlDestroyEnvironment(PWSTR Environment);
NTSTATUS NTAPI RtlSetCurrentEnvironment(PWSTR NewEnvironment, PWSTR *OldEnvironment);
NTSTATUS NTAPI RtlQueryEnvironmentVariable_U(PWSTR Environment, PCUNICODE_STRING Name, PUNICODE_STRING Value);
NTSTATUS NTAPI RtlQueryEnvironmentVariable(PWSTR Environment, PCWSTR Name, SIZE_T NameLength, PWSTR Value,
                                           SIZE_T ValueLength, PSIZE_T ReturnLength);
NTSTATUS NTAPI RtlSetEnvironmentVariable(PWSTR *Environment, PCUNICODE_STRING Name, PCUNICODE_STRING Value);
NTSTATUS NTAPI RtlExpandEnvironmentStrings_U(PWSTR Environment, PCUNICODE_STRING Source,
                                              PUNICODE_STRING Destination, PULONG ReturnedLength);

NTSTATUS NTAPI RtlFlsAlloc(PFLS_CALLBACK_FUNCTION Callback, PULONG Index);
NTSTATUS NTAPI RtlFlsFree(ULONG Index);
NTSTATUS NTAPI RtlFlsGetValue(ULONG Index, PVOID *Value);
NTSTATUS NTAPI RtlFlsSetValue(ULONG Index, PVOID Value);
void NTAPI RtlProcessFlsData(PVOID FlsData, ULONG Flags);

ULONG NTAPI RtlNtStatusToDosError(NTSTATUS Status);

ULONG NTAPI RtlIsDosDeviceName_U(PCWSTR DosFileName);

NTSTATUS NTAPI RtlGetSearchPath(PWSTR *Path);
NTSTATUS NTAPI RtlGetExePath(PCWSTR Name, PWSTR *Path);
NTSTATUS NTAPI RtlSetSearchPathMode(ULONG Flags);
BOOLEAN NTAPI RtlDoesFileExists_U(PCWSTR FileName);
ULONG NTAPI RtlDosSearchPath_U(PCWSTR Path, PCWSTR FileName, PCWSTR Extension, ULONG BufferLength, PWSTR Buffer,
                               PWSTR *FilePart);

NTSTATUS NTAPI RtlCreateAtomTable(ULONG TableSize, PVOID *AtomTable);
NTSTATUS NTAPI RtlEmptyAtomTable(PVOID AtomTable, BOOLEAN IncludePinned);
NTSTATUS NTAPI RtlDestroyAtomTable(PVOID AtomTable);
NTSTATUS NTAPI RtlAddAtomToAtomTable(PVOID AtomTable, PCWSTR AtomName, RTL_ATOM *Atom);
NTSTATUS NTAPI RtlLookupAtomInAtomTable(PVOID AtomTable, PCWSTR AtomName, RTL_ATOM *Atom);
NTSTATUS NTAPI RtlDeleteAtomFromAtomTable(PVOID AtomTable, RTL_ATOM Atom);
NTSTATUS NTAPI RtlPinAtomInAtomTable(PVOID AtomTable, RTL_ATOM Atom);
NTSTATUS NTAPI RtlQueryAtomInAtomTable(PVOID AtomTable, RTL_ATOM Atom, PULONG RefCount, PULONG PinCount, PWSTR Name,
                                       PULONG NameLength);

void NTAPI RtlInitCodePageTable(PUSHORT TableBase, PCPTABLEINFO CodePageTable);
NTSTATUS NTAPI RtlMultiByteToUnicodeN(PWCH UnicodeString, ULONG MaxBytesInUnicodeString, PULONG BytesInUnicodeString,
                                      PCCH MultiByteString, ULONG BytesInMultiByteString);
NTSTATUS NTAPI RtlOemToUnicodeN(PWCH UnicodeString, ULONG MaxBytesInUnicodeString, PULONG BytesInUnicodeString,
                                PCCH OemString, ULONG BytesInOemString);
NTSTATUS NTAPI RtlMultiByteToUnicodeSize(PULONG BytesInUnicodeString, PCCH MultiByteString,
                                         ULONG BytesInMultiByteString);
NTSTATUS NTAPI RtlUnicodeToMultiByteN(PCHAR MultiByteString, ULONG MaxBytesInMultiByteString,
                                      PULONG BytesInMultiByteString, PCWCH UnicodeString, ULONG BytesInUnicodeString);
NTSTATUS NTAPI RtlUnicodeToOemN(PCHAR OemString, ULONG MaxBytesInOemString, PULONG BytesInOemString,
                                PCWCH UnicodeString, ULONG BytesInUnicodeString);
NTSTATUS NTAPI RtlUnicodeToMultiByteSize(PULONG BytesInMultiByteString, PCWCH UnicodeString,
                                         ULONG BytesInUnicodeString);
NTSTATUS NTAPI RtlAnsiStringToUnicodeString(PUNICODE_STRING DestinationString, PCANSI_STRING SourceString,
                                            BOOLEAN AllocateDestinationString);
NTSTATUS NTAPI RtlOemStringToUnicodeString(PUNICODE_STRING DestinationString, PCOEM_STRING SourceString,
                                           BOOLEAN AllocateDestinationString);
NTSTATUS NTAPI RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString, PCUNICODE_STRING SourceString,
                                            BOOLEAN AllocateDestinationString);
NTSTATUS NTAPI RtlUnicodeStringToOemString(POEM_STRING DestinationString, PCUNICODE_STRING SourceString,
                                           BOOLEAN AllocateDestinationString);
ULONG NTAPI RtlUnicodeStringToAnsiSize(PCUNICODE_STRING UnicodeString);
ULONG NTAPI RtlUnicodeStringToOemSize(PCUNICODE_STRING UnicodeString);
BOOLEAN NTAPI RtlCreateUnicodeStringFromAsciiz(PUNICODE_STRING DestinationString, PCSTR SourceString);
CHAR NTAPI RtlUpperChar(CHAR Character);
void NTAPI RtlUpperString(PSTRING DestinationString, const STRING *SourceString);
LONG NTAPI RtlCompareString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive);
BOOLEAN NTAPI RtlEqualString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive);
BOOLEAN NTAPI RtlPrefixString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive);
void NTAPI RtlCopyString(PSTRING DestinationString, const STRING *SourceString);
NTSTATUS NTAPI RtlAppendStringToString(PSTRING Destination, const STRING *Source);
NTSTATUS NTAPI RtlAppendAsciizToString(PSTRING Destination, PCSTR Source);
NTSTATUS NTAPI RtlDowncaseUnicodeString(PUNICODE_STRING Destination, PCUNICODE_STRING Source,
                                        BOOLEAN AllocateDestinationString);
NTSTATUS NTAPI RtlValidateUnicodeString(ULONG Flags, PCUNICODE_STRING String);
void NTAPI RtlEraseUnicodeString(PUNICODE_STRING String);
NTSTATUS NTAPI RtlFindCharInUnicodeString(ULONG Flags, PCUNICODE_STRING SearchString, PCUNICODE_STRING MatchString,
                                          PUSHORT Position);
NTSTATUS NTAPI RtlHashUnicodeString(PCUNICODE_STRING String, BOOLEAN CaseInSensitive, ULONG HashAlgorithm,
                                    PULONG HashValue);
NTSTATUS NTAPI RtlStringFromGUID(const GUID *Guid, PUNICODE_STRING GuidString);
NTSTATUS NTAPI RtlUpcaseUnicodeStringToAnsiString(PANSI_STRING DestinationString, PCUNICODE_STRING SourceString,
                                                  BOOLEAN AllocateDestinationString);
NTSTATUS NTAPI RtlUpcaseUnicodeStringToOemString(POEM_STRING DestinationString, PCUNICODE_STRING SourceString,
                                                 BOOLEAN AllocateDestinationString);
NTSTATUS NTAPI RtlUpcaseUnicodeToMultiByteN(PCHAR MultiByteString, ULONG MaxBytesInMultiByteString,
                                            PULONG BytesInMultiByteString, PCWCH UnicodeString,
                                            ULONG BytesInUnicodeString);
NTSTATUS NTAPI RtlUpcaseUnicodeToOemN(PCHAR OemString, ULONG MaxBytesInOemString, PULONG BytesInOemString,
                                      PCWCH UnicodeString, ULONG BytesInUnicodeString);
void NTAPI RtlFreeOemString(POEM_STRING OemString);
ULONG NTAPI RtlAnsiStringToUnicodeSize(PCANSI_STRING AnsiString);
ULONG NTAPI RtlOemStringToUnicodeSize(PCOEM_STRING OemString);
WCHAR NTAPI RtlAnsiCharToUnicodeChar(PUCHAR *SourceCharacter);
NTSTATUS NTAPI RtlUTF8ToUnicodeN(PWSTR UnicodeStringDestination, ULONG UnicodeStringMaxByteCount,
                                 PULONG UnicodeStringActualByteCount, PCCH UTF8StringSource, ULONG UTF8StringByteCount);
NTSTATUS NTAPI RtlUnicodeToUTF8N(PCHAR UTF8StringDestination, ULONG UTF8StringMaxByteCount,
                                 PULONG UTF8StringActualByteCount, PCWCH UnicodeStringSource,
                                 ULONG UnicodeStringByteCount);

NTSTATUS NTAPI RtlCharToInteger(PCSTR String, ULONG Base, PULONG Value);
NTSTATUS NTAPI RtlUnicodeStringToInteger(PCUNICODE_STRING String, ULONG Base, PULONG Value);

ULONG NTAPI RtlLengthRequiredSid(ULONG SubAuthorityCount);
ULONG NTAPI RtlLengthSid(PSID Sid);
BOOLEAN NTAPI RtlValidSid(PSID Sid);
BOOLEAN NTAPI RtlEqualSid(PSID Sid1, PSID Sid2);
BOOLEAN NTAPI RtlEqualPrefixSid(PSID Sid1, PSID Sid2);
NTSTATUS NTAPI RtlInitializeSid(PSID Sid, PSID_IDENTIFIER_AUTHORITY IdentifierAuthority, UCHAR SubAuthorityCount);
PULONG NTAPI RtlSubAuthoritySid(PSID Sid, ULONG SubAuthority);
PUCHAR NTAPI RtlSubAuthorityCountSid(PSID Sid);
PSID_IDENTIFIER_AUTHORITY NTAPI RtlIdentifierAuthoritySid(PSID Sid);
NTSTATUS NTAPI RtlCopySid(ULONG DestinationSidLength, PSID DestinationSid, PSID SourceSid);
NTSTATUS NTAPI RtlAllocateAndInitializeSid(PSID_IDENTIFIER_AUTHORITY IdentifierAuthority, UCHAR SubAuthorityCount,
                                           ULONG SubAuthority0, ULONG SubAuthority1, ULONG SubAuthority2,
                                           ULONG SubAuthority3, ULONG SubAuthority4, ULONG SubAuthority5,
                                           ULONG SubAuthority6, ULONG SubAuthority7, PSID *Sid);
PVOID NTAPI RtlFreeSid(PSID Sid);
NTSTATUS NTAPI RtlConvertSidToUnicodeString(PUNICODE_STRING UnicodeString, PSID Sid, BOOLEAN AllocateDestinationString);
NTSTATUS NTAPI RtlCreateAcl(PACL Acl, ULONG AclLength, ULONG AclRevision);
BOOLEAN NTAPI RtlValidAcl(PACL Acl);
BOOLEAN NTAPI RtlFirstFreeAce(PACL Acl, PVOID *FirstFree);
NTSTATUS NTAPI RtlGetAce(PACL Acl, ULONG AceIndex, PVOID *Ace);
NTSTATUS NTAPI RtlAddAce(PACL Acl, ULONG AceRevision, ULONG StartingAceIndex, PVOID AceList, ULONG AceListLength);
NTSTATUS NTAPI RtlDeleteAce(PACL Acl, ULONG AceIndex);
NTSTATUS NTAPI RtlAddAccessAllowedAce(PACL Acl, ULONG AceRevision, ACCESS_MASK AccessMask, PSID Sid);
NTSTATUS NTAPI RtlAddAccessAllowedAceEx(PACL Acl, ULONG AceRevision, ULONG AceFlags, ACCESS_MASK AccessMask, PSID Sid);
NTSTATUS NTAPI RtlAddAccessDeniedAce(PACL Acl, ULONG AceRevision, ACCESS_MASK AccessMask, PSID Sid);
NTSTATUS NTAPI RtlAddAccessDeniedAceEx(PACL Acl, ULONG AceRevision, ULONG AceFlags, ACCESS_MASK AccessMask, PSID Sid);
NTSTATUS NTAPI RtlAddAuditAccessAce(PACL Acl, ULONG AceRevision, ACCESS_MASK AccessMask, PSID Sid,
                                    BOOLEAN AuditSuccess, BOOLEAN AuditFailure);
NTSTATUS NTAPI RtlAddAuditAccessAceEx(PACL Acl, ULONG AceRevision, ULONG AceFlags, ACCESS_MASK AccessMask, PSID Sid,
                                      BOOLEAN AuditSuccess, BOOLEAN AuditFailure);
NTSTATUS NTAPI RtlAddAccessAllowedObjectAce(PACL Acl, ULONG AceRevision, ULONG AceFlags, ACCESS_MASK AccessMask,
                                            GUID *ObjectTypeGuid, GUID *InheritedObjectTypeGuid, PSID Sid);
NTSTATUS NTAPI RtlAddAccessDeniedObjectAce(PACL Acl, ULONG AceRevision, ULONG AceFlags, ACCESS_MASK AccessMask,
                                           GUID *ObjectTypeGuid, GUID *InheritedObjectTypeGuid, PSID Sid);
NTSTATUS NTAPI RtlAddAuditAccessObjectAce(PACL Acl, ULONG AceRevision, ULONG AceFlags, ACCESS_MASK AccessMask,
                                          GUID *ObjectTypeGuid, GUID *InheritedObjectTypeGuid, PSID Sid,
                                          BOOLEAN AuditSuccess, BOOLEAN AuditFailure);
NTSTATUS NTAPI RtlAddMandatoryAce(PACL Acl, ULONG AceRevision, ULONG AceFlags, ULONG MandatoryPolicy, UCHAR AceType,
                                  PSID LabelSid);
NTSTATUS NTAPI RtlQueryInformationAcl(PACL Acl, PVOID Information, ULONG InformationLength,
                                      ACL_INFORMATION_CLASS InformationClass);
NTSTATUS NTAPI RtlCreateSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, ULONG Revision);
ULONG NTAPI RtlLengthSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor);
BOOLEAN NTAPI RtlValidSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor);
NTSTATUS NTAPI RtlGetControlSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor,
                                               PSECURITY_DESCRIPTOR_CONTROL Control, PULONG Revision);
NTSTATUS NTAPI RtlSetControlSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor,
                                               SECURITY_DESCRIPTOR_CONTROL ControlBitsOfInterest,
                                               SECURITY_DESCRIPTOR_CONTROL ControlBitsToSet);
NTSTATUS NTAPI RtlSetOwnerSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PSID Owner,
                                             BOOLEAN OwnerDefaulted);
NTSTATUS NTAPI RtlSetGroupSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PSID Group,
                                             BOOLEAN GroupDefaulted);
NTSTATUS NTAPI RtlSetDaclSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, BOOLEAN DaclPresent, PACL Dacl,
                                            BOOLEAN DaclDefaulted);
NTSTATUS NTAPI RtlSetSaclSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, BOOLEAN SaclPresent, PACL Sacl,
                                            BOOLEAN SaclDefaulted);
NTSTATUS NTAPI RtlGetOwnerSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PSID *Owner,
                                             PBOOLEAN OwnerDefaulted);
NTSTATUS NTAPI RtlGetGroupSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PSID *Group,
                                             PBOOLEAN GroupDefaulted);
NTSTATUS NTAPI RtlGetDaclSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PBOOLEAN DaclPresent,
                                            PACL *Dacl, PBOOLEAN DaclDefaulted);
NTSTATUS NTAPI RtlGetSaclSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PBOOLEAN SaclPresent,
                                            PACL *Sacl, PBOOLEAN SaclDefaulted);
NTSTATUS NTAPI RtlMakeSelfRelativeSD(PSECURITY_DESCRIPTOR AbsoluteSecurityDescriptor,
                                     PSECURITY_DESCRIPTOR SelfRelativeSecurityDescriptor, PULONG BufferLength);
NTSTATUS NTAPI RtlSelfRelativeToAbsoluteSD(PSECURITY_DESCRIPTOR SelfRelativeSecurityDescriptor,
                                           PSECURITY_DESCRIPTOR AbsoluteSecurityDescriptor,
                                           PULONG AbsoluteSecurityDescriptorSize, PACL Dacl, PULONG DaclSize,
                                           PACL Sacl, PULONG SaclSize, PSID Owner, PULONG OwnerSize, PSID PrimaryGroup,
                                           PULONG PrimaryGroupSize);
void NTAPI RtlMapGenericMask(PACCESS_MASK AccessMask, const GENERIC_MAPPING *GenericMapping);
BOOLEAN NTAPI RtlAreAllAccessesGranted(ACCESS_MASK GrantedAccess, ACCESS_MASK DesiredAccess);
BOOLEAN NTAPI RtlAreAnyAccessesGranted(ACCESS_MASK GrantedAccess, ACCESS_MASK DesiredAccess);

NTSTATUS NTAPI RtlAbsoluteToSelfRelativeSD(PSECURITY_DESCRIPTOR AbsoluteSecurityDescriptor,
                                           PSECURITY_DESCRIPTOR SelfRelativeSecurityDescriptor, PULONG BufferLength);

NTSTATUS NTAPI vDbgPrintExWithPrefix(PCSTR Prefix, ULONG ComponentId, ULONG Level, PCSTR Format, va_list Args);
NTSTATUS NTAPI vDbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, va_list Args);
NTSTATUS DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...);
NTSTATUS DbgPrint(PCSTR Format, ...);
ULONG NTAPI RtlRandom(PULONG Seed);
ULONG NTAPI RtlRandomEx(PULONG Seed);
ULONG NTAPI RtlComputeCrc32(ULONG InitialCrc, const UCHAR *Buffer, ULONG Length);
SIZE_T NTAPI RtlCompareMemoryUlong(const void *Source, SIZE_T Length, ULONG Pattern);
void NTAPI RtlFillMemoryUlong(PVOID Destination, SIZE_T Length, ULONG Pattern);
void NTAPI RtlInitializeHandleTable(ULONG MaxHandleCount, ULONG HandleSize, PRTL_HANDLE_TABLE HandleTable);
NTSTATUS NTAPI RtlDestroyHandleTable(PRTL_HANDLE_TABLE HandleTable);
PRTL_HANDLE NTAPI RtlAllocateHandle(PRTL_HANDLE_TABLE HandleTable, PULONG HandleIndex);
BOOLEAN NTAPI RtlFreeHandle(PRTL_HANDLE_TABLE HandleTable, PRTL_HANDLE Handle);
BOOLEAN NTAPI RtlIsValidHandle(PRTL_HANDLE_TABLE HandleTable, PRTL_HANDLE Handle);
BOOLEAN NTAPI RtlIsValidIndexHandle(PRTL_HANDLE_TABLE HandleTable, ULONG HandleIndex, PRTL_HANDLE *Handle);
PRTL_DEBUG_INFORMATION NTAPI RtlCreateQueryDebugBuffer(ULONG MaximumCommit, BOOLEAN UseEventPair);
NTSTATUS NTAPI RtlDestroyQueryDebugBuffer(PRTL_DEBUG_INFORMATION Buffer);
NTSTATUS NTAPI RtlQueryProcessDebugInformation(HANDLE UniqueProcessId, ULONG Flags, PRTL_DEBUG_INFORMATION Buffer);
NTSTATUS NTAPI RtlGetCompressionWorkSpaceSize(USHORT Format, PULONG CompressWorkSpace, PULONG FragmentWorkSpace);
NTSTATUS NTAPI RtlCompressBuffer(USHORT Format, const UCHAR *Uncompressed, ULONG UncompressedSize, PUCHAR Compressed,
                                 ULONG CompressedSize, ULONG ChunkSize, PULONG FinalCompressedSize, PVOID WorkSpace);
NTSTATUS NTAPI RtlDecompressBuffer(USHORT Format, PUCHAR Uncompressed, ULONG UncompressedSize,
                                   const UCHAR *Compressed, ULONG CompressedSize, PULONG FinalUncompressedSize);
NTSTATUS NTAPI RtlDecompressFragment(USHORT Format, PUCHAR Fragment, ULONG FragmentSize, const UCHAR *Compressed,
                                     ULONG CompressedSize, ULONG Offset, PULONG FinalUncompressedSize,
                                     PVOID WorkSpace);
PSTR NTAPI RtlIpv4AddressToStringA(const IN_ADDR *Address, PSTR String);
PWSTR NTAPI RtlIpv4AddressToStringW(const IN_ADDR *Address, PWSTR String);
NTSTATUS NTAPI RtlIpv4AddressToStringExA(const IN_ADDR *Address, USHORT Port, PSTR String, PULONG Length);
NTSTATUS NTAPI RtlIpv4AddressToStringExW(const IN_ADDR *Address, USHORT Port, PWSTR String, PULONG Length);
NTSTATUS NTAPI RtlIpv4StringToAddressA(PCSTR String, BOOLEAN Strict, PCSTR *Terminator, IN_ADDR *Address);
NTSTATUS NTAPI RtlIpv4StringToAddressW(PCWSTR String, BOOLEAN Strict, PCWSTR *Terminator, IN_ADDR *Address);
NTSTATUS NTAPI RtlIpv4StringToAddressExA(PCSTR String, BOOLEAN Strict, IN_ADDR *Address, PUSHORT Port);
NTSTATUS NTAPI RtlIpv4StringToAddressExW(PCWSTR String, BOOLEAN Strict, IN_ADDR *Address, PUSHORT Port);
PSTR NTAPI RtlIpv6AddressToStringA(const IN6_ADDR *Address, PSTR String);
PWSTR NTAPI RtlIpv6AddressToStringW(const IN6_ADDR *Address, PWSTR String);
NTSTATUS NTAPI RtlIpv6AddressToStringExA(const IN6_ADDR *Address, ULONG ScopeId, USHORT Port, PSTR String,
                                         PULONG Length);
NTSTATUS NTAPI RtlIpv6AddressToStringExW(const IN6_ADDR *Address, ULONG ScopeId, USHORT Port, PWSTR String,
                                         PULONG Length);
NTSTATUS NTAPI RtlIpv6StringToAddressA(PCSTR String, PCSTR *Terminator, IN6_ADDR *Address);
NTSTATUS NTAPI RtlIpv6StringToAddressW(PCWSTR String, PCWSTR *Terminator, IN6_ADDR *Address);
NTSTATUS NTAPI RtlIpv6StringToAddressExA(PCSTR String, IN6_ADDR *Address, PULONG ScopeId, PUSHORT Port);
NTSTATUS NTAPI RtlIpv6StringToAddressExW(PCWSTR String, IN6_ADDR *Address, PULONG ScopeId, PUSHORT Port);
void NTAPI DbgBreakPoint(void);
void NTAPI DbgUserBreakPoint(void);
void NTAPI RtlRaiseStatus(NTSTATUS Status);
NTSTATUS NTAPI RtlCopyContext(PCONTEXT Context, DWORD ContextFlags, PCONTEXT Source);
void NTAPI RtlSetUnhandledExceptionFilter(PRTL_UNHANDLED_EXCEPTION_FILTER Filter);
ULONG NTAPI NtGetTickCount(void);
ULONG NTAPI RtlUniform(PULONG Seed);
BOOLEAN NTAPI RtlGetProductInfo(ULONG OSMajorVersion, ULONG OSMinorVersion, ULONG SpMajorVersion,
                                ULONG SpMinorVersion, PULONG ReturnedProductType);
NTSTATUS NTAPI RtlWow64EnableFsRedirection(BOOLEAN Enable);
NTSTATUS NTAPI RtlWow64EnableFsRedirectionEx(PVOID Disable, PVOID *OldValue);
NTSTATUS NTAPI RtlWow64GetProcessMachines(HANDLE Process, PUSHORT CurrentMachine, PUSHORT NativeMachine);
NTSTATUS NTAPI RtlGUIDFromString(PCUNICODE_STRING String, GUID *Guid);
NTSTATUS NTAPI ApiSetQueryApiSetPresenceEx(PCUNICODE_STRING Namespace, PBOOLEAN InSchema, PBOOLEAN Present);
void NTAPI MD4Init(MD4_CTX *Context);
void NTAPI MD4Update(MD4_CTX *Context, const UCHAR *Input, unsigned int Length);
void NTAPI MD4Final(MD4_CTX *Context);

NTSTATUS NTAPI RtlCreateProcessParametersEx(PRTL_USER_PROCESS_PARAMETERS *ProcessParameters,
                                            PUNICODE_STRING ImagePathName, PUNICODE_STRING DllPath,
                                            PUNICODE_STRING CurrentDirectory, PUNICODE_STRING CommandLine,
                                            PVOID Environment, PUNICODE_STRING WindowTitle,
                                            PUNICODE_STRING DesktopInfo, PUNICODE_STRING ShellInfo,
                                            PUNICODE_STRING RuntimeData, ULONG Flags);
NTSTATUS NTAPI RtlCreateProcessParameters(PRTL_USER_PROCESS_PARAMETERS *ProcessParameters,
                                          PUNICODE_STRING ImagePathName, PUNICODE_STRING DllPath,
                                          PUNICODE_STRING CurrentDirectory, PUNICODE_STRING CommandLine,
                                          PVOID Environment, PUNICODE_STRING WindowTitle,
                                          PUNICODE_STRING DesktopInfo, PUNICODE_STRING ShellInfo,
                                          PUNICODE_STRING RuntimeData);
void NTAPI RtlDestroyProcessParameters(PRTL_USER_PROCESS_PARAMETERS ProcessParameters);
PRTL_UNLOAD_EVENT_TRACE NTAPI RtlGetUnloadEventTrace(void);
void NTAPI RtlGetUnloadEventTraceEx(PULONG *ElementSize, PULONG *ElementCount, PVOID *EventTrace);
PRTL_USER_PROCESS_PARAMETERS NTAPI RtlNormalizeProcessParams(PRTL_USER_PROCESS_PARAMETERS ProcessParameters);
PRTL_USER_PROCESS_PARAMETERS NTAPI RtlDeNormalizeProcessParams(PRTL_USER_PROCESS_PARAMETERS ProcessParameters);
NTSTATUS NTAPI RtlCreateUserThread(HANDLE Process, PSECURITY_DESCRIPTOR SecurityDescriptor, BOOLEAN CreateSuspended,
                                   ULONG ZeroBits, SIZE_T MaximumStackSize, SIZE_T CommittedStackSize,
                                   PUSER_THREAD_START_ROUTINE StartAddress, PVOID Parameter, PHANDLE Thread,
                                   PCLIENT_ID ClientId);
NTSTATUS NTAPI RtlCreateUserStack(SIZE_T CommittedStackSize, SIZE_T MaximumStackSize, ULONG_PTR ZeroBits,
                                  SIZE_T PageSize, ULONG_PTR ReserveAlignment, PINITIAL_TEB InitialTeb);
void NTAPI RtlFreeUserStack(PVOID AllocationBase);

NTSTATUS NTAPI RtlWalkHeap(PVOID HeapHandle, PRTL_HEAP_WALK_ENTRY Entry);
SIZE_T NTAPI RtlCompactHeap(PVOID HeapHandle, ULONG Flags);
BOOLEAN NTAPI RtlSetUserValueHeap(PVOID HeapHandle, ULONG Flags, PVOID BaseAddress, PVOID UserValue);
BOOLEAN NTAPI RtlGetUserInfoHeap(PVOID HeapHandle, ULONG Flags, PVOID BaseAddress, PVOID *UserValue,
                                 PULONG UserFlags);
NTSTATUS NTAPI RtlQueryHeapInformation(PVOID HeapHandle, HEAP_INFORMATION_CLASS InformationClass,
                                       PVOID Information, SIZE_T InformationLength, PSIZE_T ReturnLength);
NTSTATUS NTAPI RtlSetHeapInformation(PVOID HeapHandle, HEAP_INFORMATION_CLASS InformationClass, PVOID Information,
                                     SIZE_T InformationLength);

NTSTATUS NTAPI RtlQueryTimeZoneInformation(RTL_TIME_ZONE_INFORMATION *TimeZoneInformation);
NTSTATUS NTAPI RtlQueryDynamicTimeZoneInformation(RTL_DYNAMIC_TIME_ZONE_INFORMATION *TimeZoneInformation);
NTSTATUS NTAPI RtlSetTimeZoneInformation(const RTL_TIME_ZONE_INFORMATION *TimeZoneInformation);
NTSTATUS NTAPI RtlSystemTimeToLocalTime(const LARGE_INTEGER *SystemTime, PLARGE_INTEGER LocalTime);
NTSTATUS NTAPI RtlLocalTimeToSystemTime(const LARGE_INTEGER *LocalTime, PLARGE_INTEGER SystemTime);

NTSTATUS NTAPI TpAllocPool(TP_POOL **Pool, PVOID Reserved);
void NTAPI TpReleasePool(TP_POOL *Pool);
void NTAPI TpSetPoolMaxThreads(TP_POOL *Pool, DWORD Maximum);
NTSTATUS NTAPI TpSetPoolMinThreads(TP_POOL *Pool, DWORD Minimum);
NTSTATUS NTAPI TpQueryPoolStackInformation(TP_POOL *Pool, PTP_POOL_STACK_INFORMATION StackInformation);
NTSTATUS NTAPI TpSetPoolStackInformation(TP_POOL *Pool, PTP_POOL_STACK_INFORMATION StackInformation);
NTSTATUS NTAPI TpAllocCleanupGroup(TP_CLEANUP_GROUP **Group);
void NTAPI TpReleaseCleanupGroup(TP_CLEANUP_GROUP *Group);
void NTAPI TpReleaseCleanupGroupMembers(TP_CLEANUP_GROUP *Group, BOOLEAN CancelPendingCallbacks,
                                         PVOID CleanupParameter);
NTSTATUS NTAPI TpAllocWork(TP_WORK **Work, PTP_WORK_CALLBACK Callback, PVOID Context,
                           TP_CALLBACK_ENVIRON *Environment);
void NTAPI TpPostWork(TP_WORK *Work);
void NTAPI TpWaitForWork(TP_WORK *Work, BOOLEAN CancelPendingCallbacks);
void NTAPI TpReleaseWork(TP_WORK *Work);
NTSTATUS NTAPI TpSimpleTryPost(PTP_SIMPLE_CALLBACK Callback, PVOID Context, TP_CALLBACK_ENVIRON *Environment);
NTSTATUS NTAPI TpCallbackMayRunLong(TP_CALLBACK_INSTANCE *Instance);
NTSTATUS NTAPI RtlQueueWorkItem(PRTL_WORK_ITEM_ROUTINE Function, PVOID Context, ULONG Flags);

void NTAPI RtlInitializeSListHead(PSLIST_HEADER ListHead);
PSLIST_ENTRY NTAPI RtlFirstEntrySList(const SLIST_HEADER *ListHead);
USHORT NTAPI RtlQueryDepthSList(PSLIST_HEADER ListHead);
PSLIST_ENTRY NTAPI RtlInterlockedPushListSListEx(PSLIST_HEADER ListHead, PSLIST_ENTRY List, PSLIST_ENTRY ListEnd,
                                                  ULONG Count);
PSLIST_ENTRY NTAPI RtlInterlockedPushListSList(PSLIST_HEADER ListHead, PSLIST_ENTRY List, PSLIST_ENTRY ListEnd,
                                                ULONG Count);
PSLIST_ENTRY NTAPI RtlInterlockedPushEntrySList(PSLIST_HEADER ListHead, PSLIST_ENTRY ListEntry);
PSLIST_ENTRY NTAPI RtlInterlockedPopEntrySList(PSLIST_HEADER ListHead);
PSLIST_ENTRY NTAPI RtlInterlockedFlushSList(PSLIST_HEADER ListHead);
PVOID NTAPI RtlEncodePointer(PVOID Pointer);
PVOID NTAPI RtlDecodePointer(PVOID Pointer);
PVOID NTAPI RtlEncodeSystemPointer(PVOID Pointer);
PVOID NTAPI RtlDecodeSystemPointer(PVOID Pointer);

BOOLEAN NTAPI RtlQueryPerformanceCounter(PLARGE_INTEGER Counter);
BOOLEAN NTAPI RtlQueryPerformanceFrequency(PLARGE_INTEGER Frequency);
BOOLEAN NTAPI RtlQueryUnbiasedInterruptTime(PULONGLONG InterruptTime);
ULONG NTAPI RtlGetCurrentProcessorNumber(void);
void NTAPI RtlGetCurrentProcessorNumberEx(PPROCESSOR_NUMBER Processor);
ULONGLONG NTAPI VerSetConditionMask(ULONGLONG ConditionMask, ULONG TypeMask, UCHAR Condition);
void __chkstk(void);

EXCEPTION_DISPOSITION NTAPI __C_specific_handler(PEXCEPTION_RECORD ExceptionRecord, PVOID EstablisherFrame,
                                                 PCONTEXT ContextRecord, PDISPATCHER_CONTEXT DispatcherContext);

NTSTATUS NTAPI DbgUiConnectToDbg(void);
HANDLE NTAPI DbgUiGetThreadDebugObject(void);
void NTAPI DbgUiSetThreadDebugObject(HANDLE DebugObject);
NTSTATUS NTAPI DbgUiContinue(PCLIENT_ID ClientId, NTSTATUS ContinueStatus);
NTSTATUS NTAPI DbgUiWaitStateChange(PDBGUI_WAIT_STATE_CHANGE StateChange, PLARGE_INTEGER Timeout);
NTSTATUS NTAPI DbgUiStopDebugging(HANDLE Process);
void NTAPI DbgUiRemoteBreakin(PVOID Argument);
NTSTATUS NTAPI DbgUiIssueRemoteBreakin(HANDLE Process);
NTSTATUS NTAPI DbgUiDebugActiveProcess(HANDLE Process);
NTSTATUS NTAPI DbgUiConvertStateChangeStructure(PDBGUI_WAIT_STATE_CHANGE State, LPDEBUG_EVENT Event);

/* Wine's debug channels, which its DLLs print through. A channel's flags start with every bit set, which
 * marks one not looked up yet. */
typedef struct {
    unsigned char flags;
    char name[15];
} WINE_DEBUG_CHANNEL;
unsigned char __wine_dbg_get_channel_flags(WINE_DEBUG_CHANNEL *channel);
int __wine_dbg_header(int class, WINE_DEBUG_CHANNEL *channel, const char *function);
int __wine_dbg_output(const char *text);
/* Wine's ways to its Unix side and its server: not there, said so (rtl/wineunix.c). */
NTSTATUS NTAPI __wine_unix_call(ULONG64 handle, unsigned int code, void *args);
NTSTATUS NTAPI wine_server_call(void *request);
const char *wine_get_version(void);
const char *__wine_dbg_strdup(const char *text);

NTSTATUS NTAPI RtlGetLocaleFileMappingAddress(PVOID *BaseAddress, LCID *DefaultLocaleId,
                                              PLARGE_INTEGER DefaultCasingTableSize);
NTSTATUS NTAPI RtlSetProcessPreferredUILanguages(ULONG Flags, PCZZWSTR Buffer, PULONG Count);
NTSTATUS NTAPI RtlSetThreadPreferredUILanguages(ULONG Flags, PCZZWSTR Buffer, PULONG Count);
NTSTATUS NTAPI RtlGetProcessPreferredUILanguages(ULONG Flags, PULONG Count, PZZWSTR Buffer, PULONG Size);
NTSTATUS NTAPI RtlGetThreadPreferredUILanguages(ULONG Flags, PULONG Count, PZZWSTR Buffer, PULONG Size);
NTSTATUS NTAPI RtlGetUserPreferredUILanguages(ULONG Flags, ULONG Reserved, PULONG Count, PZZWSTR Buffer,
                                              PULONG Size);
NTSTATUS NTAPI RtlGetSystemPreferredUILanguages(ULONG Flags, ULONG Reserved, PULONG Count, PZZWSTR Buffer,
                                                PULONG Size);

ULONG64 NTAPI RtlGetEnabledExtendedFeatures(ULONG64 FeatureMask);
NTSTATUS NTAPI RtlGetExtendedContextLength2(ULONG ContextFlags, PULONG Length, ULONG64 CompactionMask);
NTSTATUS NTAPI RtlGetExtendedContextLength(ULONG ContextFlags, PULONG Length);
NTSTATUS NTAPI RtlInitializeExtendedContext2(PVOID Context, ULONG ContextFlags, PCONTEXT_EX *ContextEx,
                                             ULONG64 CompactionMask);
NTSTATUS NTAPI RtlInitializeExtendedContext(PVOID Context, ULONG ContextFlags, PCONTEXT_EX *ContextEx);
PVOID NTAPI RtlLocateExtendedFeature(PCONTEXT_EX ContextEx, ULONG FeatureId, PULONG Length);
PVOID NTAPI RtlLocateLegacyContext(PCONTEXT_EX ContextEx, PULONG Length);
void NTAPI RtlSetExtendedFeaturesMask(PCONTEXT_EX ContextEx, ULONG64 FeatureMask);
ULONG64 NTAPI RtlGetExtendedFeaturesMask(PCONTEXT_EX ContextEx);

BOOLEAN NTAPI RtlIsNameLegalDOS8Dot3(PCUNICODE_STRING Name, POEM_STRING OemName, PBOOLEAN NameContainsSpaces);
BOOLEAN NTAPI RtlIsTextUnicode(PCVOID Buffer, INT Size, INT *Flags);
NTSTATUS NTAPI RtlFindMessage(PVOID DllHandle, ULONG MessageTableId, ULONG MessageLanguageId, ULONG MessageId,
                              PMESSAGE_RESOURCE_ENTRY *MessageEntry);

NTSTATUS NTAPI RtlFormatMessage(PWSTR Message, ULONG MaxWidth, BOOLEAN IgnoreInserts, BOOLEAN ArgumentsAreAnsi,
                                BOOLEAN ArgumentsAreAnArray, va_list *Arguments, PWSTR Buffer, ULONG BufferSize,
                                PULONG ReturnLength);

NTSTATUS NTAPI TpAllocTimer(TP_TIMER **Timer, PTP_TIMER_CALLBACK Callback, PVOID Context,
                            TP_CALLBACK_ENVIRON *Environment);
void NTAPI TpSetTimer(TP_TIMER *Timer, PLARGE_INTEGER DueTime, LONG Period, LONG WindowLength);
BOOLEAN NTAPI TpIsTimerSet(TP_TIMER *Timer);
void NTAPI TpWaitForTimer(TP_TIMER *Timer, BOOLEAN CancelPendingCallbacks);
void NTAPI TpReleaseTimer(TP_TIMER *Timer);
NTSTATUS NTAPI TpAllocWait(TP_WAIT **Wait, PTP_WAIT_CALLBACK Callback, PVOID Context,
                           TP_CALLBACK_ENVIRON *Environment);
void NTAPI TpSetWait(TP_WAIT *Wait, HANDLE Handle, PLARGE_INTEGER Timeout);
void NTAPI TpWaitForWait(TP_WAIT *Wait, BOOLEAN CancelPendingCallbacks);
void NTAPI TpReleaseWait(TP_WAIT *Wait);

NTSTATUS NTAPI RtlCreateTimerQueue(PHANDLE NewTimerQueue);
NTSTATUS NTAPI RtlCreateTimer(HANDLE TimerQueue, PHANDLE NewTimer, WAITORTIMERCALLBACKFUNC Callback, PVOID Parameter,
                              ULONG DueTime, ULONG Period, ULONG Flags);
NTSTATUS NTAPI RtlUpdateTimer(HANDLE TimerQueue, HANDLE Timer, ULONG DueTime, ULONG Period);
NTSTATUS NTAPI RtlDeleteTimer(HANDLE TimerQueue, HANDLE Timer, HANDLE CompletionEvent);
NTSTATUS NTAPI RtlDeleteTimerQueueEx(HANDLE TimerQueue, HANDLE CompletionEvent);
NTSTATUS NTAPI RtlRegisterWait(PHANDLE NewWaitObject, HANDLE Object, WAITORTIMERCALLBACKFUNC Callback,
                               PVOID Context, ULONG Milliseconds, ULONG Flags);
NTSTATUS NTAPI RtlDeregisterWaitEx(HANDLE WaitHandle, HANDLE CompletionEvent);
NTSTATUS NTAPI RtlDeregisterWait(HANDLE WaitHandle);

void NTAPI TpCallbackSetEventOnCompletion(TP_CALLBACK_INSTANCE *Instance, HANDLE Event);
void NTAPI TpCallbackReleaseSemaphoreOnCompletion(TP_CALLBACK_INSTANCE *Instance, HANDLE Semaphore, ULONG Count);
void NTAPI TpCallbackReleaseMutexOnCompletion(TP_CALLBACK_INSTANCE *Instance, HANDLE Mutex);
void NTAPI TpCallbackLeaveCriticalSectionOnCompletion(TP_CALLBACK_INSTANCE *Instance,
                                                       PRTL_CRITICAL_SECTION CriticalSection);
void NTAPI TpCallbackUnloadDllOnCompletion(TP_CALLBACK_INSTANCE *Instance, PVOID Module);
void NTAPI TpDisassociateCallback(TP_CALLBACK_INSTANCE *Instance);

NTSTATUS NTAPI RtlWow64GetThreadContext(HANDLE Thread, PWOW64_CONTEXT Context);
NTSTATUS NTAPI RtlWow64SetThreadContext(HANDLE Thread, const WOW64_CONTEXT *Context);
NTSTATUS NTAPI RtlAdjustPrivilege(ULONG Privilege, BOOLEAN Enable, BOOLEAN CurrentThread, PBOOLEAN Enabled);
NTSTATUS NTAPI RtlImpersonateSelf(SECURITY_IMPERSONATION_LEVEL ImpersonationLevel);
NTSTATUS NTAPI RtlFormatCurrentUserKeyPath(PUNICODE_STRING KeyPath);
NTSTATUS NTAPI RtlCheckRegistryKey(ULONG RelativeTo, PWSTR Path);
NTSTATUS NTAPI RtlCreateRegistryKey(ULONG RelativeTo, PWSTR Path);
NTSTATUS NTAPI RtlQueryRegistryValues(ULONG RelativeTo, PCWSTR Path, PRTL_QUERY_REGISTRY_TABLE QueryTable,
                                      PVOID Context, PVOID Environment);
NTSTATUS NTAPI RtlpNtQueryValueKey(HANDLE KeyHandle, PULONG Type, PBYTE Data, PULONG DataLength, PVOID Unused);
NTSTATUS NTAPI RtlOpenCurrentUser(ACCESS_MASK DesiredAccess, PHANDLE KeyHandle);

NTSTATUS NTAPI RtlNewSecurityObject(PSECURITY_DESCRIPTOR ParentDescriptor, PSECURITY_DESCRIPTOR CreatorDescriptor,
                                    PSECURITY_DESCRIPTOR *NewDescriptor, BOOLEAN IsDirectoryObject, HANDLE Token,
                                    PGENERIC_MAPPING GenericMapping);
NTSTATUS NTAPI RtlNewSecurityObjectEx(PSECURITY_DESCRIPTOR ParentDescriptor, PSECURITY_DESCRIPTOR CreatorDescriptor,
                                      PSECURITY_DESCRIPTOR *NewDescriptor, GUID *ObjectType, BOOLEAN IsContainerObject,
                                      ULONG AutoInheritFlags, HANDLE Token, PGENERIC_MAPPING GenericMapping);
NTSTATUS NTAPI RtlNewSecurityObjectWithMultipleInheritance(PSECURITY_DESCRIPTOR ParentDescriptor,
                                                           PSECURITY_DESCRIPTOR CreatorDescriptor,
                                                           PSECURITY_DESCRIPTOR *NewDescriptor, GUID **ObjectTypes,
                                                           ULONG GuidCount, BOOLEAN IsContainerObject,
                                                           ULONG AutoInheritFlags, HANDLE Token,
                                                           PGENERIC_MAPPING GenericMapping);
NTSTATUS NTAPI RtlConvertToAutoInheritSecurityObject(PSECURITY_DESCRIPTOR ParentDescriptor,
                                                     PSECURITY_DESCRIPTOR CurrentSecurityDescriptor,
                                                     PSECURITY_DESCRIPTOR *NewSecurityDescriptor, GUID *ObjectType,
                                                     BOOLEAN IsDirectoryObject, PGENERIC_MAPPING GenericMapping);
NTSTATUS NTAPI RtlDeleteSecurityObject(PSECURITY_DESCRIPTOR *ObjectDescriptor);

NTSTATUS NTAPI RtlNormalizeString(ULONG Form, PCWSTR Source, LONG SourceLength, PWSTR Destination,
                                  PLONG DestinationLength);
NTSTATUS NTAPI RtlIsNormalizedString(ULONG Form, PCWSTR String, LONG Length, PBOOLEAN Normalized);

NTSTATUS NTAPI RtlIdnToNameprepUnicode(ULONG Flags, PCWSTR Source, LONG SourceLength, PWSTR Destination,
                                       PLONG DestinationLength);
NTSTATUS NTAPI RtlIdnToAscii(ULONG Flags, PCWSTR Source, LONG SourceLength, PWSTR Destination,
                             PLONG DestinationLength);
NTSTATUS NTAPI RtlIdnToUnicode(ULONG Flags, PCWSTR Source, LONG SourceLength, PWSTR Destination,
                               PLONG DestinationLength);

NTSTATUS NTAPI RtlCreateActivationContext(PHANDLE ActivationContext, const ACTCTXW *Description);
void NTAPI RtlAddRefActivationContext(HANDLE ActivationContext);
void NTAPI RtlReleaseActivationContext(HANDLE ActivationContext);
NTSTATUS NTAPI RtlZombifyActivationContext(HANDLE ActivationContext);
NTSTATUS NTAPI RtlActivateActivationContext(ULONG Flags, HANDLE ActivationContext, PULONG_PTR Cookie);
void NTAPI RtlDeactivateActivationContext(ULONG Flags, ULONG_PTR Cookie);
NTSTATUS NTAPI RtlGetActiveActivationContext(PHANDLE ActivationContext);
NTSTATUS NTAPI RtlFindActivationContextSectionString(ULONG Flags, const GUID *ExtensionGuid, ULONG SectionId,
                                                     PCUNICODE_STRING SectionName, ACTCTX_SECTION_KEYED_DATA *Data);
NTSTATUS NTAPI RtlFindActivationContextSectionGuid(ULONG Flags, const GUID *ExtensionGuid, ULONG SectionId,
                                                   const GUID *Guid, ACTCTX_SECTION_KEYED_DATA *Data);
NTSTATUS NTAPI RtlQueryActivationContextApplicationSettings(ULONG Flags, HANDLE ActivationContext,
                                                            PCWSTR Namespace, PCWSTR Settings, PWSTR Buffer,
                                                            SIZE_T Size, PSIZE_T Written);
NTSTATUS NTAPI RtlQueryInformationActivationContext(ULONG Flags, HANDLE ActivationContext, PVOID SubInstanceIndex,
                                                    ULONG InformationClass, PVOID Buffer, SIZE_T BufferSize,
                                                    PSIZE_T ReturnLength);

NTSTATUS NTAPI TpAllocIoCompletion(TP_IO **Io, HANDLE File, PTP_IO_CALLBACK Callback, PVOID Context,
                                   TP_CALLBACK_ENVIRON *Environment);
void NTAPI TpStartAsyncIoOperation(TP_IO *Io);
void NTAPI TpCancelAsyncIoOperation(TP_IO *Io);
void NTAPI TpWaitForIoCompletion(TP_IO *Io, BOOLEAN CancelPendingCallbacks);
void NTAPI TpReleaseIoCompletion(TP_IO *Io);
NTSTATUS NTAPI RtlSetIoCompletionCallback(HANDLE FileHandle, PRTL_OVERLAPPED_COMPLETION_ROUTINE Function,
                                          ULONG Flags);

NTSTATUS NTAPI wine_nt_to_unix_file_name(const OBJECT_ATTRIBUTES *Attributes, char *Name, PULONG Size,
                                         ULONG Disposition);
NTSTATUS NTAPI wine_unix_to_nt_file_name(const char *Name, PWSTR Buffer, PULONG Size);

PVOID NTAPI RtlAddVectoredContinueHandler(ULONG First, PVECTORED_EXCEPTION_HANDLER Handler);
ULONG NTAPI RtlRemoveVectoredContinueHandler(PVOID Handle);
BOOLEAN NTAPI RtlInstallFunctionTableCallback(ULONG64 TableIdentifier, ULONG64 BaseAddress, ULONG Length,
                                              PGET_RUNTIME_FUNCTION_CALLBACK Callback, PVOID Context,
                                              PCWSTR OutOfProcessCallbackDll);
USHORT NTAPI RtlCaptureStackBackTrace(ULONG FramesToSkip, ULONG FramesToCapture, PVOID *BackTrace,
                                      PULONG BackTraceHash);
SIZE_T NTAPI RtlCompareMemory(const void *Source1, const void *Source2, SIZE_T Length);
void NTAPI RtlCopyMemory(void *Destination, const void *Source, SIZE_T Length);
void NTAPI RtlMoveMemory(void *Destination, const void *Source, SIZE_T Length);
void NTAPI RtlCopyMemoryNonTemporal(void *Destination, const void *Source, SIZE_T Length);
void NTAPI RtlFillMemory(void *Destination, SIZE_T Length, UCHAR Fill);
void NTAPI RtlZeroMemory(void *Destination, SIZE_T Length);

void _local_unwind(PVOID Frame, PVOID TargetIp);

void NTAPI MD5Init(MD5_CTX *Context);
void NTAPI MD5Update(MD5_CTX *Context, const UCHAR *Input, unsigned int Length);
void NTAPI MD5Final(MD5_CTX *Context);
void NTAPI A_SHAInit(A_SHA_CTX *Context);
void NTAPI A_SHAUpdate(A_SHA_CTX *Context, const UCHAR *Input, unsigned int Length);
void NTAPI A_SHAFinal(A_SHA_CTX *Context, PULONG Result);

ULONG NTAPI EtwEventRegister(const GUID *ProviderId, PVOID EnableCallback, PVOID CallbackContext,
                             PULONG64 RegHandle);
ULONG NTAPI EtwEventUnregister(ULONG64 RegHandle);
BOOLEAN NTAPI EtwEventEnabled(ULONG64 RegHandle, PCVOID EventDescriptor);
BOOLEAN NTAPI EtwEventProviderEnabled(ULONG64 RegHandle, UCHAR Level, ULONG64 Keyword);
ULONG NTAPI EtwEventSetInformation(ULONG64 RegHandle, ULONG InformationClass, PVOID EventInformation,
                                   ULONG InformationLength);
ULONG NTAPI EtwEventWrite(ULONG64 RegHandle, PCVOID EventDescriptor, ULONG UserDataCount, PVOID UserData);
ULONG NTAPI EtwEventWriteTransfer(ULONG64 RegHandle, PCVOID EventDescriptor, const GUID *ActivityId,
                                  const GUID *RelatedActivityId, ULONG UserDataCount, PVOID UserData);
ULONG NTAPI EtwEventWriteString(ULONG64 RegHandle, UCHAR Level, ULONG64 Keyword, PCWSTR String);
ULONG NTAPI EtwEventActivityIdControl(ULONG ControlCode, GUID *ActivityId);
ULONG NTAPI EtwRegisterTraceGuidsW(PVOID RequestAddress, PVOID RequestContext, const GUID *ControlGuid,
                                   ULONG GuidCount, PVOID TraceGuidReg, PCWSTR MofImagePath, PCWSTR MofResourceName,
                                   PULONG64 RegistrationHandle);
ULONG NTAPI EtwRegisterTraceGuidsA(PVOID RequestAddress, PVOID RequestContext, const GUID *ControlGuid,
                                   ULONG GuidCount, PVOID TraceGuidReg, const char *MofImagePath,
                                   const char *MofResourceName, PULONG64 RegistrationHandle);
ULONG NTAPI EtwUnregisterTraceGuids(ULONG64 RegistrationHandle);
ULONG64 NTAPI EtwGetTraceLoggerHandle(PVOID Buffer);
ULONG NTAPI EtwGetTraceEnableFlags(ULONG64 TraceHandle);
UCHAR NTAPI EtwGetTraceEnableLevel(ULONG64 TraceHandle);
ULONG NTAPI EtwLogTraceEvent(ULONG64 SessionHandle, PVOID EventTrace);
ULONG NTAPI EtwTraceMessageVa(ULONG64 LoggerHandle, ULONG MessageFlags, const GUID *MessageGuid,
                              USHORT MessageNumber, va_list MessageArgList);

ULONG EtwTraceMessage(ULONG64 LoggerHandle, ULONG MessageFlags, const GUID *MessageGuid, USHORT MessageNumber,
                      ...);

void KiUserApcDispatcher(void);

PIMAGE_SECTION_HEADER NTAPI RtlImageRvaToSection(PIMAGE_NT_HEADERS64 NtHeaders, PVOID Base, ULONG Rva);
PVOID NTAPI RtlImageRvaToVa(PIMAGE_NT_HEADERS64 NtHeaders, PVOID Base, ULONG Rva,
                            PIMAGE_SECTION_HEADER *LastRvaSection);

NTSTATUS NTAPI LdrQueryImageFileKeyOption(HANDLE Key, PCWSTR ValueName, ULONG Type, PVOID Buffer, ULONG BufferSize,
                                          PULONG ReturnedLength);
NTSTATUS NTAPI LdrQueryImageFileExecutionOptions(PUNICODE_STRING SubKey, PCWSTR ValueName, ULONG Type, PVOID Buffer,
                                                 ULONG BufferSize, PULONG ReturnedLength);

/* The C library, in the C locale. */
void *memcpy(void *dst, const void *src, SIZE_T n);
void *memmove(void *dst, const void *src, SIZE_T n);
void *memset(void *dst, int c, SIZE_T n);
int memcmp(const void *a, const void *b, SIZE_T n);
int isalnum(int c);
int isalpha(int c);
int isdigit(int c);
int islower(int c);
int isupper(int c);
int isspace(int c);
int isxdigit(int c);
int iscntrl(int c);
int isgraph(int c);
int isprint(int c);
int ispunct(int c);
int iswctype(WCHAR c, USHORT mask);
int iswalpha(WCHAR c);
int iswdigit(WCHAR c);
int iswlower(WCHAR c);
int iswspace(WCHAR c);
int iswxdigit(WCHAR c);
WCHAR *_wcslwr(WCHAR *str);
WCHAR *_wcsupr(WCHAR *str);
void *memchr(const void *s, int c, SIZE_T n);
char *_itoa(int value, char *str, int radix);
char *_ltoa(LONG value, char *str, int radix);
char *_ultoa(ULONG value, char *str, int radix);
char *_i64toa(LONG64 value, char *str, int radix);
char *_ui64toa(ULONG64 value, char *str, int radix);
WCHAR *_itow(int value, WCHAR *str, int radix);
WCHAR *_ltow(LONG value, WCHAR *str, int radix);
WCHAR *_ultow(ULONG value, WCHAR *str, int radix);
WCHAR *_i64tow(LONG64 value, WCHAR *str, int radix);
WCHAR *_ui64tow(ULONG64 value, WCHAR *str, int radix);
int atoi(const char *str);
LONG atol(const char *str);
LONG64 _atoi64(const char *str);
int _wtoi(const WCHAR *str);
LONG _wtol(const WCHAR *str);
LONG64 _wtoi64(const WCHAR *str);
void __cdecl qsort(void *base, SIZE_T count, SIZE_T size, int(__cdecl *compare)(const void *, const void *));
void *__cdecl bsearch(const void *key, const void *base, SIZE_T count, SIZE_T size,
                      int(__cdecl *compare)(const void *, const void *));
int __cdecl sscanf(const char *text, const char *format, ...);
int _vsnprintf_s(char *buffer, SIZE_T size, SIZE_T count, const char *format, va_list ap);
int _vsnwprintf_s(WCHAR *buffer, SIZE_T size, SIZE_T count, const WCHAR *format, va_list ap);
int _snprintf_s(char *buffer, SIZE_T size, SIZE_T count, const char *format, ...);
int _snwprintf_s(WCHAR *buffer, SIZE_T size, SIZE_T count, const WCHAR *format, ...);
int tolower(int c);
int toupper(int c);
int _strnicmp(const char *a, const char *b, SIZE_T n);
int _stricmp(const char *a, const char *b);
WCHAR towupper(WCHAR c);
WCHAR towlower(WCHAR c);
int _wcsnicmp(const WCHAR *a, const WCHAR *b, SIZE_T n);
int _wcsicmp(const WCHAR *a, const WCHAR *b);
int _vsnprintf(char *buffer, SIZE_T count, const char *format, va_list ap);
int _vsnwprintf(WCHAR *buffer, SIZE_T count, const WCHAR *format, va_list ap);
int _snprintf(char *buffer, SIZE_T count, const char *format, ...);
int _snwprintf(WCHAR *buffer, SIZE_T count, const WCHAR *format, ...);
int sprintf(char *buffer, const char *format, ...);
int swprintf(WCHAR *buffer, const WCHAR *format, ...);
SIZE_T strlen(const char *s);
SIZE_T strnlen(const char *s, SIZE_T max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, SIZE_T n);
char *strcpy(char *dst, const char *src);
char *strncpy(char *dst, const char *src, SIZE_T n);
char *strcat(char *dst, const char *src);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
SIZE_T strspn(const char *s, const char *accept);
SIZE_T strcspn(const char *s, const char *reject);
char *strpbrk(const char *s, const char *set);
char *strstr(const char *s, const char *find);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
SIZE_T wcslen(const WCHAR *s);
SIZE_T wcsnlen(const WCHAR *s, SIZE_T max);
int wcscmp(const WCHAR *a, const WCHAR *b);
int wcsncmp(const WCHAR *a, const WCHAR *b, SIZE_T n);
WCHAR *wcscpy(WCHAR *dst, const WCHAR *src);
WCHAR *wcsncpy(WCHAR *dst, const WCHAR *src, SIZE_T n);
WCHAR *wcscat(WCHAR *dst, const WCHAR *src);
WCHAR *wcschr(const WCHAR *s, int c);
WCHAR *wcsrchr(const WCHAR *s, int c);
SIZE_T wcsspn(const WCHAR *s, const WCHAR *accept);
SIZE_T wcscspn(const WCHAR *s, const WCHAR *reject);
WCHAR *wcspbrk(const WCHAR *s, const WCHAR *set);
WCHAR *wcsstr(const WCHAR *s, const WCHAR *find);
long wcstol(const WCHAR *s, WCHAR **end, int base);
unsigned long wcstoul(const WCHAR *s, WCHAR **end, int base);

#endif
