package io.seedgrid.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Opening stores: failures are one clear line without credentials. */
class StoresTest {
    static final String PASSWORD = "n0t-a-real-Passw0rd";

    @Test
    void unreachablePostgresIsAClearOneLineErrorWithoutPassword() {
        int port = PgServer.freePort(); // closed: nothing listens there
        StorageConfig config = StorageConfig.resolve(
                "postgres",
                Map.of(
                        "SEEDGRID_HOME",
                        "/tmp/seedgrid-none",
                        "DATABASE_URL",
                        "postgresql://seed:" + PASSWORD + "@127.0.0.1:" + port + "/seedgrid"),
                null);
        long start = System.nanoTime();
        StorageException e = assertThrows(StorageException.class, () -> Stores.open(config));
        long millis = (System.nanoTime() - start) / 1_000_000;
        String m = e.getMessage();
        System.out.println("unreachable postgres: " + m + " (" + millis + " ms)");
        assertTrue(
                m.startsWith("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:" + port
                        + "/seedgrid as user seed"),
                m);
        assertTrue(m.toLowerCase().contains("refused"), m);
        assertFalse(m.contains(PASSWORD), m);
        assertFalse(m.contains("\n"), m);
        assertTrue(millis < 10_000, "fails fast: " + millis + " ms");

        StoreHealth h = Stores.health(config);
        assertEquals(StoreHealth.Status.UNHEALTHY, h.status());
        assertEquals("postgres", h.backend());
        assertFalse(h.error().contains(PASSWORD), h.error());
        assertFalse(h.toString().contains(PASSWORD));
    }

    @Test
    void openingByCliValueUsesTheEnvironment() {
        // the process environment has no STORAGE_BACKEND in tests; an unknown --storage fails before anything opens
        StorageException e = assertThrows(StorageException.class, () -> Stores.open("ftp"));
        assertTrue(e.getMessage().contains("valid backends"), e.getMessage());
    }
}
