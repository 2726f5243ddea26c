/* The configuration manager's interface: the registry's keys under \REGISTRY, stored in hives in the prefix. */
#ifndef CM_CM_H
#define CM_CM_H

#include "nt/types.h"
#include "ob/ob.h"

extern const OBJECT_TYPE CmKeyObjectType;

/* Mount \REGISTRY in the namespace and load the hives, creating them with Windows' default contents on the
 * first run; after ObInitializeNamespace and the prefix. */
NTSTATUS CmInitializeRegistry(char *error, size_t error_size);

/* The bytes the registry's keys and values take in memory (SystemRegistryQuotaInformation). */
SIZE_T CmQueryRegistryUsage(void);

/* `veles reg import FILE` and `veles reg export KEY FILE [--regedit4]`: regedit's .reg files. */
int CmRegCommand(int argc, char **argv);

#endif
