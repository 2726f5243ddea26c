# Veles: one build for the NT personality (ELF, gcc) and the Windows side (ntdll and test programs, mingw).
#   make            build/veles, build/ntdll.dll, the examples and the test programs
#   make test       every test (tests/run); ends with "N passed, N failed"
#   make bench      the benchmarks (bench/run)
#   make install    PREFIX=/usr/local: bin/veles and lib/veles/ntdll.dll

CC ?= gcc
SANCC ?= clang
MINGW ?= x86_64-w64-mingw32-gcc
MINGW_DLLTOOL ?= x86_64-w64-mingw32-dlltool
MINGW_WINDRES ?= x86_64-w64-mingw32-windres
MINGW_OBJCOPY ?= x86_64-w64-mingw32-objcopy
MINGW_CXX ?= x86_64-w64-mingw32-g++
PYTHON ?= python3
BUILD ?= build
PREFIX ?= /usr/local
VERSION := 0.1

GEN := $(BUILD)/gen
WARN := -Wall -Wextra -Wno-unused-parameter
ifeq ($(WERROR),1)
WARN += -Werror
endif
INCLUDES := -Iinclude -Ikernel -Ilib -I$(GEN)

# The host is a PIE so that the kernel places it far above 1 TiB, where no Windows code ever lives; static, so
# that a start spends nothing on ld.so (a millisecond of the printf hello's nine).
HOST_CFLAGS := -D_GNU_SOURCE -std=gnu11 -O2 -g $(WARN) -fPIE -fno-strict-aliasing $(INCLUDES) -DVELES_VERSION='"$(VERSION)"'
HOST_LDFLAGS := -static-pie -pthread
# fuzzer-no-link: coverage for the fuzzers, which link these objects too.
SAN_CFLAGS := -D_GNU_SOURCE -std=gnu11 -O1 -g $(WARN) -fPIE $(INCLUDES) -fsanitize=address,undefined,fuzzer-no-link \
	-fno-sanitize-recover=all -fno-omit-frame-pointer

# Windows side: no C library; ntdll provides what the compiler calls.
PE_CFLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-stack-protector -fno-tree-loop-distribute-patterns \
	-mgeneral-regs-only $(INCLUDES) -Intdll
PE_LDFLAGS := -nostdlib -Wl,--dynamicbase -Wl,--high-entropy-va -Wl,--nxcompat

HOST_SRCS := $(filter-out kernel/main.c,$(wildcard kernel/*/*.c)) $(wildcard lib/rtl/*.c)
HOST_ASM := kernel/ke/entry.S
HOST_OBJS := $(HOST_SRCS:%.c=$(BUILD)/host/%.o) $(HOST_ASM:%.S=$(BUILD)/host/%.o) $(BUILD)/host/gen/ke_services.o \
	$(BUILD)/host/gen/ke_win32k_services.o $(BUILD)/host/gen/normtables.o
SAN_OBJS := $(HOST_SRCS:%.c=$(BUILD)/san/%.o) $(HOST_ASM:%.S=$(BUILD)/san/%.o) $(BUILD)/san/gen/ke_services.o \
	$(BUILD)/san/gen/ke_win32k_services.o $(BUILD)/san/gen/normtables.o

NTDLL_SRCS := $(wildcard ntdll/*/*.c) $(wildcard lib/rtl/*.c)
NTDLL_ASM := $(wildcard ntdll/*/*.S)
NTDLL_OBJS := $(NTDLL_SRCS:%.c=$(BUILD)/pe/%.o) $(NTDLL_ASM:%.S=$(BUILD)/pe/%.o) $(BUILD)/pe/gen/ntdll_services.o \
	$(BUILD)/pe/gen/normtables.o

NT_TESTS := $(patsubst tests/nt/%.c,$(BUILD)/tests/nt/%.exe,$(wildcard tests/nt/*.c))
NT_PROGRAMS := $(patsubst tests/nt/programs/%.c,$(BUILD)/tests/nt/programs/%.exe,$(wildcard tests/nt/programs/*.c))
NT_TEST_LIB := $(BUILD)/pe/tests/nt/lib/nttest.o
LDR_TEST_DLLS := $(patsubst tests/nt/dlls/%.c,$(BUILD)/tests/nt/%.dll,$(wildcard tests/nt/dlls/*.c))
EXAMPLES := $(patsubst examples/%.c,$(BUILD)/examples/%.exe,$(wildcard examples/*.c))
BENCH_PE := $(patsubst bench/%.c,$(BUILD)/bench/%.exe,$(wildcard bench/*.c))
UNIT_SRCS := $(wildcard tests/unit/*.c)

# Win32 test programs on Wine's DLLs, each built twice: against msvcrt and against UCRT (mingw's specs with its
# UCRT import library). The C++ ones use mingw's runtime DLLs copied beside them (against UCRT its C++ runtime
# is linked in, being built for msvcrt) and a C++ DLL of their own.
W32 := $(BUILD)/tests/win32
WIN32_C := $(wildcard tests/win32/*.c)
WIN32_CXX := $(wildcard tests/win32/*.cpp)
WIN32_RUNTIME := libstdc++-6.dll libgcc_s_seh-1.dll libwinpthread-1.dll
WIN32_TESTS := $(WIN32_C:tests/win32/%.c=$(W32)/msvcrt/%.exe) $(WIN32_C:tests/win32/%.c=$(W32)/ucrt/%.exe) \
	$(WIN32_CXX:tests/win32/%.cpp=$(W32)/msvcrt/%.exe) $(WIN32_CXX:tests/win32/%.cpp=$(W32)/ucrt/%.exe) \
	$(WIN32_RUNTIME:%=$(W32)/msvcrt/%) $(WIN32_RUNTIME:%=$(W32)/ucrt/%) $(W32)/ucrt/cxxdll.dll
WIN32_CFLAGS := -O2 -g $(WARN) -Itests/win32

all: $(BUILD)/veles $(BUILD)/ntdll.dll $(BUILD)/bcryptprimitives.dll $(EXAMPLES) $(NT_TESTS) $(NT_PROGRAMS) $(LDR_TEST_DLLS) $(BUILD)/unit-tests $(BENCH_PE) $(BUILD)/bench/native-hello \
	$(BUILD)/bench/getppid $(BUILD)/bench/spawn $(BUILD)/bench/sud-floor $(BUILD)/bench/sync $(BUILD)/bench/fault $(BUILD)/bench/malloc \
	$(BUILD)/bench/io $(WIN32_TESTS) $(BUILD)/examples/win32/hello.exe

# The main example: a console program on the C runtime, said to be written for Windows 10.
$(BUILD)/examples/win32/hello.exe: examples/win32/hello.c $(W32)/win10.res.o
	@mkdir -p $(dir $@)
	$(MINGW) $(WIN32_CFLAGS) -o $@ $< $(W32)/win10.res.o

$(W32)/win10.res.o: tests/win32/win10.rc tests/win32/win10.manifest
	@mkdir -p $(dir $@)
	$(MINGW_WINDRES) -Itests/win32 $< -O coff -o $@

$(W32)/ucrt.specs:
	@mkdir -p $(dir $@)
	$(MINGW) -dumpspecs | sed 's/-lmsvcrt/-lucrt/g' > $@

$(W32)/msvcrt/%.exe: tests/win32/%.c tests/win32/wintest.h $(W32)/win10.res.o
	@mkdir -p $(dir $@)
	$(MINGW) $(WIN32_CFLAGS) -o $@ $< $(W32)/win10.res.o -pthread

$(W32)/ucrt/%.exe: tests/win32/%.c tests/win32/wintest.h $(W32)/win10.res.o $(W32)/ucrt.specs
	@mkdir -p $(dir $@)
	$(MINGW) -specs=$(W32)/ucrt.specs -D_UCRT $(WIN32_CFLAGS) -o $@ $< $(W32)/win10.res.o -pthread

$(W32)/msvcrt/cxxdll.dll: tests/win32/dll/cxxdll.cpp
	@mkdir -p $(dir $@)
	$(MINGW_CXX) $(WIN32_CFLAGS) -shared -o $@ $< -Wl,--out-implib,$(W32)/msvcrt/libcxxdll.a

$(W32)/msvcrt/%.exe: tests/win32/%.cpp tests/win32/wintest.h $(W32)/msvcrt/cxxdll.dll $(W32)/win10.res.o
	$(MINGW_CXX) $(WIN32_CFLAGS) -o $@ $< $(W32)/win10.res.o -L$(W32)/msvcrt -lcxxdll

$(W32)/ucrt/%.exe: tests/win32/%.cpp tests/win32/wintest.h $(W32)/msvcrt/cxxdll.dll $(W32)/win10.res.o \
	$(W32)/ucrt.specs
	@mkdir -p $(dir $@)
	$(MINGW_CXX) -specs=$(W32)/ucrt.specs -D_UCRT $(WIN32_CFLAGS) -static-libstdc++ -static-libgcc -o $@ $< \
		$(W32)/win10.res.o -L$(W32)/msvcrt -lcxxdll

$(W32)/ucrt/cxxdll.dll: $(W32)/msvcrt/cxxdll.dll
	@mkdir -p $(dir $@)
	cp $< $@

# mingw's own runtime DLLs, which the programs load from their directory as Windows does.
$(W32)/msvcrt/lib%.dll:
	@mkdir -p $(dir $@)
	cp "$$($(MINGW_CXX) -print-file-name=$(notdir $@))" $@

$(W32)/ucrt/lib%.dll:
	@mkdir -p $(dir $@)
	cp "$$($(MINGW_CXX) -print-file-name=$(notdir $@))" $@

# The service table is the single source of the dispatcher and of ntdll's stubs.
$(GEN)/.stamp: kernel/ke/services.tbl kernel/ke/win32k.tbl tools/syscalls/gen
	@mkdir -p $(GEN)
	$(PYTHON) tools/syscalls/gen kernel/ke/services.tbl $(GEN)
	$(PYTHON) tools/syscalls/gen --win32k kernel/ke/win32k.tbl $(GEN)
	@touch $@
$(GEN)/ke_services.c $(GEN)/nt/services.h $(GEN)/ntdll_services.S $(GEN)/ntdll_services.def: $(GEN)/.stamp ;
$(GEN)/ke_win32k_services.c $(GEN)/nt/win32k_services.h: $(GEN)/.stamp ;

# Normalization tables from the Unicode character database (Debian's unicode-data) and the IDNA mapping
# (Debian's python3-idna).
UCD ?= /usr/share/unicode
UTS46 ?= /usr/lib/python3/dist-packages/idna/uts46data.py
$(GEN)/normtables.c: tools/unicode/gen-normalization $(UCD)/UnicodeData.txt $(UCD)/DerivedNormalizationProps.txt $(UTS46)
	@mkdir -p $(GEN)
	$(PYTHON) tools/unicode/gen-normalization $(UCD) $(UTS46) $@

$(BUILD)/host/%.o: %.c $(GEN)/.stamp
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/host/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -c $< -o $@
$(BUILD)/host/gen/%.o: $(GEN)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -c $< -o $@

$(BUILD)/san/%.o: %.c $(GEN)/.stamp
	@mkdir -p $(dir $@)
	$(SANCC) $(SAN_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/san/%.o: %.S
	@mkdir -p $(dir $@)
	$(SANCC) $(SAN_CFLAGS) -c $< -o $@
$(BUILD)/san/gen/%.o: $(GEN)/%.c
	@mkdir -p $(dir $@)
	$(SANCC) $(SAN_CFLAGS) -c $< -o $@

$(BUILD)/pe/%.o: %.c $(GEN)/.stamp
	@mkdir -p $(dir $@)
	$(MINGW) $(PE_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/pe/%.o: %.S
	@mkdir -p $(dir $@)
	$(MINGW) -c $< -o $@
$(BUILD)/pe/gen/%.o: $(GEN)/%.S
	@mkdir -p $(dir $@)
	$(MINGW) -c $< -o $@
$(BUILD)/pe/gen/%.o: $(GEN)/%.c $(GEN)/.stamp
	@mkdir -p $(dir $@)
	$(MINGW) $(PE_CFLAGS) -c $< -o $@

$(BUILD)/libveles.a: $(HOST_OBJS)
	ar rcs $@ $^
$(BUILD)/veles: $(BUILD)/host/kernel/main.o $(BUILD)/libveles.a
	$(CC) $(HOST_LDFLAGS) -o $@ $^

$(BUILD)/ntdll.def: ntdll/ntdll.def.in $(GEN)/ntdll_services.def
	cat $^ > $@
# ntdll sits where no program's default base does; it is relocated like any image if taken. Every process maps
# it, so its debug information (most of the file) lives beside it in ntdll.dll.debug, which gdb finds.
$(BUILD)/ntdll.dll $(BUILD)/libntdll.a &: $(NTDLL_OBJS) $(BUILD)/ntdll.def
	$(MINGW) -shared $(PE_LDFLAGS) -Wl,--image-base,0xff0000000 -Wl,-e,NtdllEntry -o $(BUILD)/ntdll.dll \
		$(NTDLL_OBJS) $(BUILD)/ntdll.def -Wl,--out-implib,$(BUILD)/libntdll.a -lgcc
	$(MINGW_OBJCOPY) --only-keep-debug $(BUILD)/ntdll.dll $(BUILD)/ntdll.dll.debug
	$(MINGW_OBJCOPY) --strip-debug --add-gnu-debuglink=$(BUILD)/ntdll.dll.debug $(BUILD)/ntdll.dll

# bcryptprimitives.dll, ours (Wine 8 has none): ProcessPrng on \Device\CNG.
$(BUILD)/bcryptprimitives.dll: $(BUILD)/pe/dlls/bcryptprimitives/main.o dlls/bcryptprimitives/bcryptprimitives.def \
	$(BUILD)/libntdll.a
	$(MINGW) -shared $(PE_LDFLAGS) -Wl,-e,DllMain -o $@ $^ -lgcc

# Programs that import ntdll.dll alone: native Windows programs, entry Start(PEB *).
NT_PROGRAM = $(MINGW) $(PE_LDFLAGS) -Wl,-e,Start -Wl,--subsystem,console -o $@ $^ $(BUILD)/libntdll.a -lgcc
$(BUILD)/tests/nt/%.exe: $(BUILD)/pe/tests/nt/%.o $(NT_TEST_LIB) $(BUILD)/libntdll.a
	@mkdir -p $(dir $@)
	$(NT_PROGRAM)
# Programs whose exit status or message is the result; two import what no DLL provides, on purpose.
$(BUILD)/tests/nt/programs/%.exe: $(BUILD)/pe/tests/nt/programs/%.o $(BUILD)/libntdll.a
	@mkdir -p $(dir $@)
	$(NT_PROGRAM)
$(BUILD)/tests/nt/programs/needs_dll.exe: $(BUILD)/pe/tests/nt/programs/needs_dll.o $(BUILD)/libmissing-dll.a \
	$(BUILD)/libntdll.a
	$(NT_PROGRAM)
$(BUILD)/tests/nt/programs/needs_export.exe: $(BUILD)/pe/tests/nt/programs/needs_export.o \
	$(BUILD)/libmissing-export.a $(BUILD)/libntdll.a
	$(NT_PROGRAM)
# The loader's test DLLs sit beside the test programs, where a program's DLLs are looked for first. Each
# exports what its .def says; all but ldrtest_a import from ldrtest_a.
NT_DLL = $(MINGW) -shared $(PE_LDFLAGS) -Wl,-e,DllMain -o $@ $^ $(BUILD)/libntdll.a -lgcc
$(BUILD)/tests/nt/ldrtest_a.dll: $(BUILD)/pe/tests/nt/dlls/ldrtest_a.o $(BUILD)/pe/tests/nt/dlls/ldrtest_a.res.o \
	tests/nt/dlls/ldrtest_a.def $(BUILD)/libntdll.a
	@mkdir -p $(dir $@)
	$(NT_DLL)
$(BUILD)/pe/%.res.o: %.rc
	@mkdir -p $(dir $@)
	$(MINGW_WINDRES) -O coff $< -o $@
$(BUILD)/pe/tests/nt/dlls/ldrtest_a.res.o: tests/nt/dlls/ldrtest_a.manifest
$(BUILD)/tests/nt/ldrtest_missing.dll: $(BUILD)/pe/tests/nt/dlls/ldrtest_missing.o tests/nt/dlls/ldrtest_missing.def \
	$(BUILD)/tests/nt/ldrtest_a.dll $(BUILD)/libmissing-dll.a $(BUILD)/libntdll.a
	$(NT_DLL)
$(BUILD)/tests/nt/ldrtest_%.dll: $(BUILD)/pe/tests/nt/dlls/ldrtest_%.o tests/nt/dlls/ldrtest_%.def \
	$(BUILD)/tests/nt/ldrtest_a.dll $(BUILD)/libntdll.a
	$(NT_DLL)
$(BUILD)/tests/nt/loader.exe: $(BUILD)/pe/tests/nt/loader.o $(NT_TEST_LIB) $(BUILD)/tests/nt/ldrtest_a.dll \
	$(BUILD)/tests/nt/ldrtest_b.dll $(BUILD)/libntdll.a
	$(NT_PROGRAM)
$(BUILD)/lib%.a: tests/nt/programs/%.def
	$(MINGW_DLLTOOL) -d $< -l $@
$(BUILD)/examples/%.exe: $(BUILD)/pe/examples/%.o $(BUILD)/libntdll.a
	@mkdir -p $(dir $@)
	$(NT_PROGRAM)
$(BUILD)/bench/%.exe: $(BUILD)/pe/bench/%.o $(BUILD)/libntdll.a
	@mkdir -p $(dir $@)
	$(NT_PROGRAM)
$(BUILD)/bench/native-hello: bench/native/hello.c
	@mkdir -p $(dir $@)
	$(CC) -D_GNU_SOURCE -O2 $(WARN) -pthread -o $@ $<
$(BUILD)/bench/%: bench/native/%.c
	@mkdir -p $(dir $@)
	$(CC) -D_GNU_SOURCE -O2 $(WARN) -pthread -o $@ $<

# Host unit tests and the fuzzers (images, .reg files), under AddressSanitizer and UndefinedBehaviorSanitizer.
$(BUILD)/unit-tests: $(UNIT_SRCS) $(SAN_OBJS)
	$(SANCC) $(SAN_CFLAGS) -pthread -o $@ $^
$(BUILD)/fuzz-image: tests/fuzz/fuzz_image.c $(SAN_OBJS)
	$(SANCC) $(SAN_CFLAGS) -fsanitize=fuzzer -pthread -o $@ $^
$(BUILD)/fuzz-regfile: tests/fuzz/fuzz_regfile.c $(SAN_OBJS)
	$(SANCC) $(SAN_CFLAGS) -fsanitize=fuzzer -pthread -o $@ $^

test: all $(BUILD)/fuzz-image $(BUILD)/fuzz-regfile
	tests/run

bench: all
	bench/run

# Wine's ntdll conformance tests beside Wine's own results (tests/run checks them against tests/conformance).
conformance: all $(W32)/ucrt.specs
	tools/conformance/run

install: $(BUILD)/veles $(BUILD)/ntdll.dll $(BUILD)/bcryptprimitives.dll
	install -D -m 755 $(BUILD)/veles $(DESTDIR)$(PREFIX)/bin/veles
	install -D -m 644 $(BUILD)/ntdll.dll $(DESTDIR)$(PREFIX)/lib/veles/ntdll.dll
	install -D -m 644 $(BUILD)/bcryptprimitives.dll $(DESTDIR)$(PREFIX)/lib/veles/bcryptprimitives.dll
	install -D -m 644 $(BUILD)/ntdll.dll.debug $(DESTDIR)$(PREFIX)/lib/veles/ntdll.dll.debug

clean:
	rm -rf $(BUILD)

.PHONY: all test bench conformance install clean
.DELETE_ON_ERROR:
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
