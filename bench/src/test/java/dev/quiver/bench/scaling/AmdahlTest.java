package dev.quiver.bench.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class AmdahlTest {
    @Property(tries = 200)
    void recoversTheSerialFractionOfExactSpeedUps(@ForAll @DoubleRange(min = 0, max = 1) double f) {
        double[] threads = {1, 2, 4, 8, 16};
        double[] speedUps = new double[threads.length];
        for (int i = 0; i < threads.length; i++) {
            speedUps[i] = new Amdahl(f).speedUp(threads[i]);
        }
        assertEquals(f, Amdahl.fit(threads, speedUps).serialFraction(), 1e-9);
    }

    @Test
    void aSuperlinearCurveFitsNoSerialPartAndASlowdownAllSerial() {
        assertEquals(0, Amdahl.fit(new double[] {1, 2}, new double[] {1, 2.4}).serialFraction());
        assertEquals(1, Amdahl.fit(new double[] {1, 2}, new double[] {1, 0.7}).serialFraction());
        assertEquals(10, new Amdahl(0.1).limit(), 1e-12);
    }

    @Test
    void badPointsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Amdahl.fit(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Amdahl.fit(new double[] {0}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Amdahl.fit(new double[] {2}, new double[] {-1}));
    }
}
