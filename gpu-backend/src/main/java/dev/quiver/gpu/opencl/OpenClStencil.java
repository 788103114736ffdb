package dev.quiver.gpu.opencl;

/**
 * The OpenCL C of neighbourhood kernels ({@link dev.quiver.kernel.Stencil}): one work-item per pixel for
 * each pass, with the products and sums of the stencil's definition in the same order and no FMA
 * contraction, so the bytes are the reference's. The passes meet in a device buffer of four floats per
 * pixel; the taps come in a buffer, so one program serves every stencil.
 */
final class OpenClStencil {
    static final String HORIZONTAL = "quiver_stencil_h";
    static final String VERTICAL = "quiver_stencil_v";

    static final String SOURCE = """
            #pragma OPENCL FP_CONTRACT OFF
            static float q_quantize(float v) {
                return isnan(v) ? 0.0f : fmin(fmax(rint(v), 0.0f), 255.0f);
            }
            __kernel void quiver_stencil_h(__global const uint *in, __global float *h, __constant float *taps,
                                           const int count, const int width, const int height) {
                int x = get_global_id(0);
                int y = get_global_id(1);
                if (x >= width || y >= height) return;
                int r = count / 2;
                float cr = 0.0f, cg = 0.0f, cb = 0.0f, ca = 0.0f;
                for (int k = 0; k < count; k++) {
                    uint p = in[(long) y * width + clamp(x + k - r, 0, width - 1)];
                    float t = taps[k];
                    cr = cr + t * (float) ((p >> 16) & 0xFFu);
                    cg = cg + t * (float) ((p >> 8) & 0xFFu);
                    cb = cb + t * (float) (p & 0xFFu);
                    ca = ca + t * (float) (p >> 24);
                }
                long i = 4 * ((long) y * width + x);
                h[i] = cr; h[i + 1] = cg; h[i + 2] = cb; h[i + 3] = ca;
            }
            __kernel void quiver_stencil_v(__global const float *h, __global uint *out, __constant float *taps,
                                           const int count, const int width, const int height) {
                int x = get_global_id(0);
                int y = get_global_id(1);
                if (x >= width || y >= height) return;
                int r = count / 2;
                float cr = 0.0f, cg = 0.0f, cb = 0.0f, ca = 0.0f;
                for (int k = 0; k < count; k++) {
                    long i = 4 * ((long) clamp(y + k - r, 0, height - 1) * width + x);
                    float t = taps[k];
                    cr = cr + t * h[i];
                    cg = cg + t * h[i + 1];
                    cb = cb + t * h[i + 2];
                    ca = ca + t * h[i + 3];
                }
                out[(long) y * width + x] = (uint) q_quantize(ca) << 24 | (uint) q_quantize(cr) << 16
                        | (uint) q_quantize(cg) << 8 | (uint) q_quantize(cb);
            }
            """;

    private OpenClStencil() {
    }
}
