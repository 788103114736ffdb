"""The pixel patterns of the image fixtures, as PAM files for ImageMagick: run by make-fixtures.sh.
Fixtures.java in the tests computes the same patterns; change both together."""
import sys
W, H = 16, 12
def rgba8(x, y):
    r = (x * 16 + y * 3) & 255
    g = (y * 21 + x * 5) & 255
    b = (x * y * 3 + 40) & 255
    a = 255 if x == 0 else 0 if x == W - 1 else (x * 17 + y * 11 + 30) & 255
    return r, g, b, a
def rgba16(x, y):
    r = (x * 4111 + y * 1237 + 129) & 0xFFFF
    g = (y * 5003 + x * 777 + 200) & 0xFFFF
    b = (x * y * 389 + 65535 - x * 100) & 0xFFFF
    a = ((x * 4369) ^ (y * 97)) & 0xFFFF
    return r, g, b, a
def pam(name, depth, maxval, tupl, f):
    with open(name, 'wb') as o:
        o.write(b"P7\nWIDTH %d\nHEIGHT %d\nDEPTH %d\nMAXVAL %d\nTUPLTYPE %s\nENDHDR\n" % (W, H, depth, maxval, tupl.encode()))
        for y in range(H):
            for x in range(W):
                for v in f(x, y)[:depth]:
                    o.write(v.to_bytes(2 if maxval > 255 else 1, 'big'))
pam('rgba8.pam', 4, 255, 'RGB_ALPHA', rgba8)
pam('rgb8.pam', 3, 255, 'RGB', rgba8)
pam('rgba16.pam', 4, 65535, 'RGB_ALPHA', rgba16)
pam('rgb16.pam', 3, 65535, 'RGB', rgba16)
pam('gray16.pam', 1, 65535, 'GRAYSCALE', rgba16)
pam('graya8.pam', 2, 255, 'GRAYSCALE_ALPHA', lambda x, y: (rgba8(x, y)[0], rgba8(x, y)[3]))
pam('bw.pam', 1, 1, 'BLACKANDWHITE', lambda x, y: ((x + y) % 3 == 0 and 1 or 0,))
pam('binalpha.pam', 4, 255, 'RGB_ALPHA', lambda x, y: rgba8(x, y)[:3] + ((0 if (x + y) % 4 == 0 else 255),))
PALETTE16 = [(i * 17, 255 - i * 17, (i * 53) & 255) for i in range(16)]
pam('pal4.pam', 3, 255, 'RGB', lambda x, y: PALETTE16[(x + 2 * y) % 16])
