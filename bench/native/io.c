/* The native counterparts of bench/io.c in a directory given (on the same file system): open(O_CREAT) + write
 * 4 KiB + close of 10,000 files (per file), readdir + stat of a 20,000-entry directory (all of it), and reading
 * a 256 MiB file sequentially (all of it). Prints "CREATE_US ENUM_US READ_US". */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TIMED_FILES 10000
#define ALL_FILES 20000
#define BIG_MIB 256

static char Buffer[1 << 20];

static double Now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
    double t0, t_create, t_enum, t_read;
    char name[16];
    int dir, fd, entries = 0;
    struct dirent *d;
    struct stat st;
    DIR *listing;

    if (argc < 2 || (mkdir(argv[1], 0777) && access(argv[1], F_OK)) ||
        (dir = open(argv[1], O_RDONLY | O_DIRECTORY)) < 0)
        return 1;
    t0 = Now();
    for (int i = 0; i < TIMED_FILES; i++) {
        snprintf(name, sizeof(name), "f%05d", i);
        if ((fd = openat(dir, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) < 0 ||
            write(fd, Buffer, 4096) != 4096)
            return 2;
        close(fd);
    }
    t_create = Now() - t0;
    for (int i = TIMED_FILES; i < ALL_FILES; i++) {
        snprintf(name, sizeof(name), "f%05d", i);
        if ((fd = openat(dir, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) >= 0)
            close(fd);
    }

    t0 = Now();
    listing = fdopendir(openat(dir, ".", O_RDONLY | O_DIRECTORY));
    while ((d = readdir(listing)))
        if (!fstatat(dir, d->d_name, &st, 0))
            entries++;
    closedir(listing);
    t_enum = Now() - t0;
    if (entries != ALL_FILES + 2)
        return 3;

    if ((fd = openat(dir, "big", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) < 0)
        return 4;
    for (int i = 0; i < BIG_MIB; i++)
        if (write(fd, Buffer, sizeof(Buffer)) != sizeof(Buffer))
            return 4;
    close(fd);
    if ((fd = openat(dir, "big", O_RDONLY | O_CLOEXEC)) < 0)
        return 5;
    t0 = Now();
    while (read(fd, Buffer, sizeof(Buffer)) > 0)
        ;
    t_read = Now() - t0;
    close(fd);

    unlinkat(dir, "big", 0);
    for (int i = 0; i < ALL_FILES; i++) {
        snprintf(name, sizeof(name), "f%05d", i);
        unlinkat(dir, name, 0);
    }
    close(dir);
    rmdir(argv[1]);
    printf("%.1f %.1f %.1f\n", t_create / TIMED_FILES, t_enum, t_read);
    return 0;
}
