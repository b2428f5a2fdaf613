package io.seedgrid.grid;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * A run's bars as the bytes stored in the replicated cache: the coordinator's node id (to drop the run if the
 * coordinator dies), then symbol, timeframe and the six primitive arrays, exactly (doubles bit for bit).
 */
final class RunPayload {
    private static final int MAGIC = 0x53474231; // "SGB1"

    private RunPayload() {}

    static byte[] encode(UUID coordinator, Bars bars) {
        int n = bars.size();
        var bytes = new ByteArrayOutputStream(64 + n * 48);
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeLong(coordinator.getMostSignificantBits());
            out.writeLong(coordinator.getLeastSignificantBits());
            out.writeUTF(bars.symbol());
            out.writeUTF(bars.timeframe().label());
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeLong(bars.endEpochMilli(i));
            }
            for (int i = 0; i < n; i++) {
                out.writeDouble(bars.open(i));
            }
            for (int i = 0; i < n; i++) {
                out.writeDouble(bars.high(i));
            }
            for (int i = 0; i < n; i++) {
                out.writeDouble(bars.low(i));
            }
            for (int i = 0; i < n; i++) {
                out.writeDouble(bars.close(i));
            }
            for (int i = 0; i < n; i++) {
                out.writeDouble(bars.volume(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static UUID coordinator(byte[] payload) {
        try (var in = new DataInputStream(new ByteArrayInputStream(payload))) {
            checkMagic(in.readInt());
            return new UUID(in.readLong(), in.readLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Bars decode(byte[] payload) {
        try (var in = new DataInputStream(new ByteArrayInputStream(payload))) {
            checkMagic(in.readInt());
            in.readLong();
            in.readLong();
            String symbol = in.readUTF();
            Timeframe timeframe = Timeframe.parse(in.readUTF());
            int n = in.readInt();
            long[] time = new long[n];
            for (int i = 0; i < n; i++) {
                time[i] = in.readLong();
            }
            double[][] columns = new double[5][n];
            for (double[] column : columns) {
                for (int i = 0; i < n; i++) {
                    column[i] = in.readDouble();
                }
            }
            return Bars.of(symbol, timeframe, time, columns[0], columns[1], columns[2], columns[3], columns[4]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkMagic(int magic) {
        if (magic != MAGIC) {
            throw new IllegalStateException("not a seedgrid run payload (magic " + Integer.toHexString(magic) + ")");
        }
    }
}
