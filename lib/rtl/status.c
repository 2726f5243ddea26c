/* NTSTATUS names for messages and traces, from the one status list. */
#include "nt/ntstatus.h"

const char *RtlNtStatusName(NTSTATUS status)
{
    switch (status) {
#define X(name, value, error) case name: return #name;
#include "nt/ntstatus.def"
#undef X
    }
    return NULL;
}
