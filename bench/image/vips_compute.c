/*
 * libvips' compute-only rate for quiver image's operations: the image is read into memory first, then each
 * run evaluates the operation chain into a memory buffer (vips_image_write_to_memory), so that neither file
 * reading nor writing is timed, as Quiver's compute stage times neither. libvips' operation cache is off, so
 * every run computes. Prints the best and the median of RUNS runs, in ms and megapixels a second.
 *
 *   gcc -O2 bench/image/vips_compute.c -o /tmp/vips_compute -l:libvips.so.42 -l:libgobject-2.0.so.0 -l:libglib-2.0.so.0
 *   /tmp/vips_compute IMAGE.v OPS RUNS      OPS: gray | pipe | copy
 *
 * gray is Rec.601 luma (vips recomb with 0.299 0.587 0.114, cast to uchar); pipe is gray, then vips gamma
 * 2.2, then vips linear 1.2, -25.5 to uchar: Quiver's grayscale,gamma=2.2,contrast=1.2. copy is the input
 * written to memory as it is: the cost of the sink alone. Only libvips' runtime library is needed (Debian's
 * libvips42): the few functions used are declared here rather than taken from libvips-dev's headers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct _VipsImage VipsImage;
extern int vips_init(const char *argv0);
extern void vips_cache_set_max(int max);
extern VipsImage *vips_image_new_from_file(const char *name, ...);
extern VipsImage *vips_image_copy_memory(VipsImage *image);
extern VipsImage *vips_image_new_matrixv(int width, int height, ...);
extern int vips_image_get_width(const VipsImage *image);
extern int vips_image_get_height(const VipsImage *image);
extern int vips_recomb(VipsImage *in, VipsImage **out, VipsImage *m, ...);
extern int vips_cast_uchar(VipsImage *in, VipsImage **out, ...);
extern int vips_gamma(VipsImage *in, VipsImage **out, ...);
extern int vips_linear1(VipsImage *in, VipsImage **out, double a, double b, ...);
extern void *vips_image_write_to_memory(VipsImage *in, size_t *size);
extern const char *vips_error_buffer(void);
extern void g_object_unref(void *object);
extern void g_free(void *memory);

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void fail(const char *what) {
    fprintf(stderr, "vips_compute: %s: %s\n", what, vips_error_buffer());
    exit(1);
}

static int compare(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

/* The operation chain over in, built afresh (libvips images are immutable; building costs microseconds). */
static VipsImage *chain(VipsImage *in, const char *ops, VipsImage *luma) {
    VipsImage *a, *b, *c, *d;
    if (strcmp(ops, "copy") == 0) {
        return in;
    }
    if (vips_recomb(in, &a, luma, NULL) || vips_cast_uchar(a, &b, NULL)) fail("recomb");
    g_object_unref(a);
    if (strcmp(ops, "gray") == 0) return b;
    if (vips_gamma(b, &c, "exponent", 2.2, NULL)) fail("gamma");
    g_object_unref(b);
    if (vips_linear1(c, &d, 1.2, -25.5, "uchar", 1, NULL)) fail("linear");
    g_object_unref(c);
    return d;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s IMAGE.v gray|pipe|copy RUNS\n", argv[0]);
        return 2;
    }
    if (vips_init(argv[0])) fail("vips_init");
    vips_cache_set_max(0);
    VipsImage *file = vips_image_new_from_file(argv[1], NULL);
    if (!file) fail(argv[1]);
    VipsImage *in = vips_image_copy_memory(file);
    if (!in) fail("copy_memory");
    VipsImage *luma = vips_image_new_matrixv(3, 1, 0.299, 0.587, 0.114);
    int runs = atoi(argv[3]);
    double *t = calloc(runs, sizeof(double));
    double pixels = (double) vips_image_get_width(in) * vips_image_get_height(in);
    for (int r = -2; r < runs; r++) {
        VipsImage *out = chain(in, argv[2], luma);
        size_t size;
        double t0 = now();
        void *bytes = vips_image_write_to_memory(out, &size);
        double t1 = now();
        if (!bytes) fail("write_to_memory");
        g_free(bytes);
        if (out != in) g_object_unref(out);
        if (r >= 0) t[r] = t1 - t0;
    }
    qsort(t, runs, sizeof(double), compare);
    printf("vips %-4s %dx%d: best %.3f ms (%.1f Mpx/s), median %.3f ms (%.1f Mpx/s)\n", argv[2], vips_image_get_width(in),
           vips_image_get_height(in), t[0] * 1e3, pixels / t[0] / 1e6, t[runs / 2] * 1e3, pixels / t[runs / 2] / 1e6);
    return 0;
}
