/*
 * The C control for Quiver's benchmarks: the same kernels as KernelBenchmarks, float32, OpenMP static
 * schedule, arrays initialised in parallel (first touch), best and median of N runs. Bytes are counted
 * as BabelStream does (each array read or written once per element).
 *
 *   gcc -O3 -march=native -fopenmp stream.c -o stream && OMP_NUM_THREADS=2 ./stream 67108864 20
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int compare(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

static void report(const char *name, double *times, int runs, double bytes, long n) {
    qsort(times, runs, sizeof(double), compare);
    printf("%-8s n=%ld threads=%d best %.3f ms (%.2f GB/s) median %.3f ms (%.2f GB/s)\n", name, n, omp_get_max_threads(),
           times[0] * 1e3, bytes / times[0] / 1e9, times[runs / 2] * 1e3, bytes / times[runs / 2] / 1e9);
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1L << 26;
    int runs = argc > 2 ? atoi(argv[2]) : 20;
    float *a = aligned_alloc(64, n * sizeof(float));
    float *b = aligned_alloc(64, n * sizeof(float));
    float *c = aligned_alloc(64, n * sizeof(float));
    const float s = 0.4f;
    double *times = malloc(runs * sizeof(double));
    volatile double sink = 0;

#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) {
        a[i] = 1.0f + (i % 7) * 0.1f;
        b[i] = 2.0f;
        c[i] = 0.5f;
    }

    for (int r = 0; r < runs; r++) {
        double t = omp_get_wtime();
#pragma omp parallel for schedule(static)
        for (long i = 0; i < n; i++) b[i] = a[i] * a[i];
        times[r] = omp_get_wtime() - t;
    }
    report("square", times, runs, 8.0 * n, n);

    for (int r = 0; r < runs; r++) {
        double t = omp_get_wtime();
#pragma omp parallel for schedule(static)
        for (long i = 0; i < n; i++) a[i] = b[i] + s * c[i];
        times[r] = omp_get_wtime() - t;
    }
    report("triad", times, runs, 12.0 * n, n);

    for (int r = 0; r < runs; r++) {
        double t = omp_get_wtime();
#pragma omp parallel for schedule(static)
        for (long i = 0; i < n; i++) c[i] = a[i];
        times[r] = omp_get_wtime() - t;
    }
    report("copy", times, runs, 8.0 * n, n);

    for (int r = 0; r < runs; r++) {
        double t = omp_get_wtime();
        double sum = 0;
#pragma omp parallel for schedule(static) reduction(+ : sum)
        for (long i = 0; i < n; i++) sum += a[i] * b[i];
        times[r] = omp_get_wtime() - t;
        sink += sum;
    }
    report("dot", times, runs, 8.0 * n, n);

    free(a);
    free(b);
    free(c);
    free(times);
    return sink == 12345.0;
}
