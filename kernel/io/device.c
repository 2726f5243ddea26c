/* The devices of \Device: the volumes behind the drive letters, Null, CNG (the kernel's random bytes),
 * NamedPipe, Mailslot, ConDrv and Mup (network shares, refused). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "host/host.h"
#include "io/iop.h"
#include "ke/ke.h"

static void IopDeleteDevice(void *body)
{
    IOP_DEVICE *device = body;
    if (device->RootFd >= 0)
        close(device->RootFd);
    free(device->UnixPath);
}

const OBJECT_TYPE IoDeviceObjectType = {
    .Name = "Device",
    .Mapping = {FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE, FILE_ALL_ACCESS},
    .ValidAccess = FILE_ALL_ACCESS,
    .Delete = IopDeleteDevice,
    .ParsesNames = TRUE,
};

static IOP_DEVICE *IopCreateDevice(const char *name, const char *unix_path, bool volume)
{
    IOP_DEVICE *device = ObCreateObject(&IoDeviceObjectType, sizeof(*device));
    char path[64];

    device->UnixPath = unix_path ? HostStrdup(unix_path) : NULL;
    device->NamedPipes = !unix_path;
    device->RootFd = volume ? open(unix_path, O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
    if (volume && device->RootFd < 0)
        HostMessage("the volume %s (%s) cannot be opened: its files are unreachable", name, unix_path);
    snprintf(path, sizeof(path), "\\Device\\%s", name);
    ObInsertPermanentObject(path, device);
    return device;
}

const char *IoDriveDevice(char drive)
{
    return drive == 'C' || drive == 'c' ? "\\Device\\HarddiskVolume1"
           : drive == 'Z' || drive == 'z' ? "\\Device\\HarddiskVolume2"
                                          : NULL;
}

/* C: is the prefix's drive_c and Z: the Linux root, as the brief says; \SystemRoot is C:\windows. */
void IoInitializeDevices(void)
{
    char drive_c[4096];

    snprintf(drive_c, sizeof(drive_c), "%s/drive_c", HostPrefixPath());
    IopCreateDevice("HarddiskVolume1", drive_c, true);
    IopCreateDevice("HarddiskVolume2", "/", true);
    IopCreateDevice("Null", "/dev/null", false);
    IopCreateDevice("CNG", "/dev/urandom", false);
    IopCreateDevice("NamedPipe", NULL, false);
    IOP_DEVICE *mailslots = IopCreateDevice("Mailslot", NULL, false);
    mailslots->NamedPipes = false;
    mailslots->Mailslots = true;
    IOP_DEVICE *console = IopCreateDevice("ConDrv", NULL, false);
    console->NamedPipes = false;
    console->Console = true;
    IOP_DEVICE *network = IopCreateDevice("Mup", NULL, false);
    network->NamedPipes = false;
    network->Network = true;
    ObInsertPermanentLink("\\??\\C:", IoDriveDevice('C'));
    ObInsertPermanentLink("\\??\\Z:", IoDriveDevice('Z'));
    ObInsertPermanentLink("\\??\\NUL", "\\Device\\Null");
    ObInsertPermanentLink("\\??\\PIPE", "\\Device\\NamedPipe");
    ObInsertPermanentLink("\\??\\MAILSLOT", "\\Device\\Mailslot");
    ObInsertPermanentLink("\\??\\UNC", "\\Device\\Mup");
    ObInsertPermanentLink("\\??\\CONIN$", "\\Device\\ConDrv\\CurrentIn");
    ObInsertPermanentLink("\\??\\CONOUT$", "\\Device\\ConDrv\\CurrentOut");
    ObInsertPermanentLink("\\??\\CON", "\\Device\\ConDrv\\Console");
    ObInsertPermanentLink("\\SystemRoot", "\\Device\\HarddiskVolume1\\windows");
}

NTSTATUS IopCaptureDeviceName(const OBJECT_ATTRIBUTES *user_attributes, IOP_DEVICE_KIND kind, WCHAR **rest,
                              USHORT *rest_length, ULONG *attributes, bool *beside_device)
{
    OB_OBJECT_ATTRIBUTES oa;
    UNICODE_STRING *user_name;
    void *object = NULL;
    NTSTATUS status;

    *rest = NULL;
    *beside_device = false;
    if ((status = ObCaptureObjectAttributes(user_attributes, &oa)))
        return status;
    *attributes = oa.Attributes;
    if (oa.RootDirectory) {
        /* No name at all, beside a directory, names nothing there; a name relative to a handle is not written. */
        if (KeReadUser(&user_name, &user_attributes->ObjectName))
            status = STATUS_ACCESS_VIOLATION;
        else if (!user_name)
            status = STATUS_OBJECT_NAME_INVALID;
        else if (!(status = ObReferenceObjectByHandle(oa.RootDirectory, 0, NULL, &object))) {
            if (kind == IOP_DEVICE_NAMED_PIPES && ObGetObjectType(object) == &IoFileObjectType &&
                ((IOP_FILE *)object)->PipeDeviceRoot) {
                /* Beside the pipe device: the name is a pipe's, and none at all makes an unnamed one. */
                *rest = HostZalloc(oa.NameLength * sizeof(WCHAR) + sizeof(WCHAR));
                memcpy(*rest, oa.Name, oa.NameLength * sizeof(WCHAR));
                *rest_length = oa.NameLength;
                *beside_device = true;
            } else if (ObGetObjectType(object) == &IoFileObjectType && ((IOP_FILE *)object)->PipeDevice) {
                status = STATUS_OBJECT_NAME_INVALID; /* the device itself holds no pipes */
            } else {
                status = KeReportNotImplemented("a named pipe or mailslot created relative to this handle");
            }
        }
    } else if (!(status = ObReferenceObjectByName(&oa, &object, rest, rest_length))) {
        const IOP_DEVICE *device = object;
        if (ObGetObjectType(object) != &IoDeviceObjectType ||
            !(kind == IOP_DEVICE_MAILSLOTS ? device->Mailslots : device->NamedPipes))
            status = STATUS_OBJECT_NAME_INVALID;
    }
    if (object)
        ObDereferenceObject(object);
    if (status) {
        free(*rest);
        *rest = NULL;
    }
    ObReleaseObjectAttributes(&oa);
    return status;
}
