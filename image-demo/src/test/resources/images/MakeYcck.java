import com.twelvemonkeys.imageio.color.ColorSpaces;
import java.awt.Transparency;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.File;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes ycck.jpg: a CMYK image through the JDK's own JPEG writer, which stores CMYK as YCCK (Adobe
 * APP14 transform 2); ImageMagick and libjpeg write plain CMYK. Run from image-demo/ with the test class path:
 * java -cp "$(mvn -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" src/test/resources/images/MakeYcck.java OUT.jpg
 */
public class MakeYcck {
    public static void main(String[] args) throws Exception {
        var cmyk = new ComponentColorModel(ColorSpaces.getColorSpace(ColorSpaces.CS_GENERIC_CMYK), false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_BYTE);
        WritableRaster r = cmyk.createCompatibleWritableRaster(16, 12);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 16; x++) {
                r.setPixel(x, y, new int[] {x * 16, y * 20, 128, 30});
            }
        }
        ImageWriter jdk = null;
        for (var it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter w = it.next();
            if (w.getClass().getName().startsWith("com.sun.")) {
                jdk = w;
            }
        }
        try (ImageOutputStream out = ImageIO.createImageOutputStream(new File(args[0]))) {
            jdk.setOutput(out);
            jdk.write(new BufferedImage(cmyk, r, false, null));
        }
    }
}
