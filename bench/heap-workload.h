/* The heap benchmark's workload, the same for the process heap and for glibc's malloc: slots picked at
 * random are allocated when empty and freed when full, at sizes mostly small, some middling, a few large. */
#ifndef VELES_BENCH_HEAP_WORKLOAD_H
#define VELES_BENCH_HEAP_WORKLOAD_H

#define HEAP_BENCH_SLOTS 4096
#define HEAP_BENCH_ROUNDS 4000000

/* Runs the workload over allocate(size) and release(p); the number of operations. */
#define HEAP_BENCH_RUN(allocate, release)                                                                        \
    ({                                                                                                           \
        static void *slot_[HEAP_BENCH_SLOTS];                                                                    \
        unsigned long long rng_ = 88172645463325252ull;                                                          \
        for (long round_ = 0; round_ < HEAP_BENCH_ROUNDS; round_++) {                                            \
            unsigned i_, pick_;                                                                                  \
            rng_ ^= rng_ << 13, rng_ ^= rng_ >> 7, rng_ ^= rng_ << 17;                                           \
            i_ = (unsigned)(rng_ % HEAP_BENCH_SLOTS);                                                            \
            pick_ = (unsigned)(rng_ >> 32);                                                                      \
            if (slot_[i_]) {                                                                                     \
                release(slot_[i_]);                                                                              \
                slot_[i_] = 0;                                                                                   \
            } else {                                                                                             \
                unsigned size_ = pick_ % 100 < 75 ? 16 + pick_ % 240                                             \
                               : pick_ % 100 < 95 ? 256 + pick_ % 3840 : 4096 + pick_ % 61440;                   \
                slot_[i_] = allocate(size_);                                                                     \
                *(volatile char *)slot_[i_] = 1;                                                                 \
            }                                                                                                    \
        }                                                                                                        \
        for (unsigned i_ = 0; i_ < HEAP_BENCH_SLOTS; i_++)                                                       \
            if (slot_[i_])                                                                                       \
                release(slot_[i_]);                                                                              \
        (long)HEAP_BENCH_ROUNDS;                                                                                 \
    })
#endif
