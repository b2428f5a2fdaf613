package io.seedgrid.grid;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * Values that travel inside jobs and results as Java-serialized bytes. Ignite's binary marshaller cannot write
 * records (it needs field offsets, which the JDK refuses for record fields), and {@code EvaluationSpec},
 * {@code Fitness} and {@code Metrics} are records: Java serialization writes records through their canonical
 * constructors, so a new field needs no change here. Reading accepts seedgrid and JDK collection types only.
 */
final class JavaBytes {
    private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
            "maxdepth=20;maxarray=10000000;io.seedgrid.**;java.lang.*;java.util.*;!*");

    private JavaBytes() {}

    static byte[] write(Serializable value) {
        var bytes = new ByteArrayOutputStream(256);
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serialize " + value.getClass().getName(), e);
        }
        return bytes.toByteArray();
    }

    static <T> T read(byte[] bytes, Class<T> type) {
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(FILTER);
            return type.cast(in.readObject());
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read a " + type.getSimpleName() + " sent over the grid: " + e, e);
        }
    }
}
