package io.seedgrid.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.storage.StorageConfig.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the storage configuration comes from, in which order, and what a bad one says. */
class StorageConfigTest {
    @TempDir
    Path home;

    Map<String, String> env(String... kv) {
        Map<String, String> env = new HashMap<>();
        env.put("SEEDGRID_HOME", home.toString());
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return env;
    }

    void configFile(String text) throws IOException {
        Files.writeString(home.resolve("seedgrid.properties"), text);
    }

    @Test
    void defaultsToLocalDuckDbInTheHome() {
        StorageConfig c = StorageConfig.resolve(null, env(), null);
        assertEquals(Backend.LOCAL, c.backend());
        assertEquals(home.resolve("seedgrid.duckdb"), c.duckdbPath());
        assertEquals("default", c.source());
        StorageConfig noHome = StorageConfig.resolve(null, Map.of(), null);
        assertEquals(Path.of("data", "seedgrid.duckdb").toAbsolutePath(), noHome.duckdbPath());
    }

    @Test
    void precedenceIsCliThenEnvThenConfigFileThenDefault() throws IOException {
        configFile("storage.backend=shared\nstorage.shared.path=mnt/shared\n");
        StorageConfig fromFile = StorageConfig.resolve(null, env(), null);
        assertEquals(Backend.SHARED, fromFile.backend());
        assertEquals(home.resolve("mnt/shared"), fromFile.sharedPath(), "relative to the config file");
        assertTrue(fromFile.source().contains("seedgrid.properties"), fromFile.source());

        StorageConfig fromEnv =
                StorageConfig.resolve(null, env("STORAGE_BACKEND", "local", "DUCKDB_PATH", "/tmp/x.duckdb"), null);
        assertEquals(Backend.LOCAL, fromEnv.backend());
        assertEquals(Path.of("/tmp/x.duckdb"), fromEnv.duckdbPath());
        assertEquals("env STORAGE_BACKEND", fromEnv.source());

        StorageConfig fromCli = StorageConfig.resolve(
                " Neon ",
                env(
                        "STORAGE_BACKEND",
                        "local",
                        "NEON_DATABASE_URL",
                        "postgresql://neo:pw1234@ep-x.neon.tech/db?sslmode=require"),
                null);
        assertEquals(Backend.POSTGRES, fromCli.backend());
        assertEquals("--storage", fromCli.source());
        assertEquals("jdbc:postgresql://ep-x.neon.tech/db?sslmode=require", fromCli.databaseUrl());
        assertEquals("neo", fromCli.user());
        assertEquals("pw1234", fromCli.password());

        // env settings beat the config file's settings too
        StorageConfig envPath = StorageConfig.resolve(null, env("SHARED_STORAGE_PATH", "/srv/seedgrid"), null);
        assertEquals(Path.of("/srv/seedgrid"), envPath.sharedPath());
    }

    @Test
    void anExplicitConfigFileMayBeAbsent() {
        StorageConfig c = StorageConfig.resolve(
                "shared", env("SHARED_STORAGE_PATH", home.resolve("s").toString()), home.resolve("no-such.properties"));
        assertEquals(Backend.SHARED, c.backend());
        assertThrows(StorageException.class, () -> StorageConfig.resolve(null, env(), home));
    }

    @Test
    void unknownBackendListsTheValidOnes() {
        StorageException e = assertThrows(StorageException.class, () -> StorageConfig.resolve("mongo", env(), null));
        assertEquals(
                "unknown storage backend 'mongo'; valid backends: local, shared, postgres (alias: neon)"
                        + " (from --storage)",
                e.getMessage());
        StorageException fromEnv = assertThrows(
                StorageException.class, () -> StorageConfig.resolve(null, env("STORAGE_BACKEND", "s3"), null));
        assertTrue(fromEnv.getMessage().contains("env STORAGE_BACKEND"), fromEnv.getMessage());
    }

    @Test
    void aBackendWithoutItsLocationSaysWhatToSet() {
        StorageException shared =
                assertThrows(StorageException.class, () -> StorageConfig.resolve("shared", env(), null));
        assertTrue(shared.getMessage().contains("SHARED_STORAGE_PATH"), shared.getMessage());
        StorageException pg =
                assertThrows(StorageException.class, () -> StorageConfig.resolve("postgres", env(), null));
        assertTrue(pg.getMessage().contains("DATABASE_URL"), pg.getMessage());
    }

    @Test
    void databaseUrlSourcesAndCredentials() throws IOException {
        StorageConfig both = StorageConfig.resolve(
                "postgres",
                env(
                        "DATABASE_URL",
                        "jdbc:postgresql://db1:5432/a",
                        "NEON_DATABASE_URL",
                        "postgres://n@db2/b",
                        "PGUSER",
                        "alice",
                        "PGPASSWORD",
                        "secret-pw"),
                null);
        assertEquals("jdbc:postgresql://db1:5432/a", both.databaseUrl(), "postgres prefers DATABASE_URL");
        assertEquals("alice", both.user());
        assertEquals("secret-pw", both.password());
        StorageConfig neon = StorageConfig.resolve(
                "neon",
                env("DATABASE_URL", "jdbc:postgresql://db1:5432/a", "NEON_DATABASE_URL", "postgres://n@db2/b"),
                null);
        assertEquals("jdbc:postgresql://db2/b", neon.databaseUrl(), "neon prefers NEON_DATABASE_URL");
        assertEquals("n", neon.user());

        configFile(
                "storage.backend=postgres\nstorage.postgres.url=jdbc:postgresql://db3/c?user=bob&password=p%26w0rd&ssl=true\n");
        StorageConfig file = StorageConfig.resolve(null, env(), null);
        assertEquals("jdbc:postgresql://db3/c?ssl=true", file.databaseUrl(), "credentials leave the URL");
        assertEquals("bob", file.user());
        assertEquals("p&w0rd", file.password());
    }

    @Test
    void passwordsNeverShow() {
        StorageConfig c = StorageConfig.postgres("postgresql://u:Sup3r%2Fsecret@host:6543/db", null, null);
        assertEquals("Sup3r/secret", c.password());
        assertFalse(c.toString().contains("Sup3r"), c.toString());
        assertFalse(c.describe().contains("Sup3r"), c.describe());
        assertFalse(c.location().contains("Sup3r"));
        assertTrue(c.toString().contains("password=***"), c.toString());
        String leaky = "FATAL: login failed at postgres://u:Sup3r%2Fsecret@host/db with password=Sup3r/secret";
        String redacted = c.redact(leaky);
        assertFalse(redacted.contains("Sup3r"), redacted);
        StorageException bad = assertThrows(
                StorageException.class, () -> StorageConfig.postgres("mysql://root:hunter22@h/db", null, null));
        assertFalse(bad.getMessage().contains("hunter22"), bad.getMessage());
        assertNull(StorageConfig.local(home.resolve("x")).password());
    }

    @Test
    void backendNamesParse() {
        assertEquals(Backend.LOCAL, Backend.parse("LOCAL"));
        assertEquals(Backend.SHARED, Backend.parse("shared"));
        assertEquals(Backend.POSTGRES, Backend.parse("postgres"));
        assertEquals(Backend.POSTGRES, Backend.parse("neon"));
        assertThrows(StorageException.class, () -> Backend.parse(""));
        assertThrows(StorageException.class, () -> Backend.parse(null));
    }

    @Test
    void theDuckDbLockWaitComesFromTheEnvThenTheConfigFile() throws IOException {
        assertEquals(
                StorageConfig.DEFAULT_DUCKDB_LOCK_WAIT,
                StorageConfig.resolve(null, env(), null).duckdbLockWait());
        assertEquals(
                Duration.ofSeconds(30), StorageConfig.local(home.resolve("x")).duckdbLockWait());
        configFile("storage.duckdb.lock_wait=2m\n");
        assertEquals(
                Duration.ofMinutes(2), StorageConfig.resolve(null, env(), null).duckdbLockWait());
        assertEquals(
                Duration.ofMillis(1500),
                StorageConfig.resolve(null, env("DUCKDB_LOCK_WAIT", "1500ms"), null)
                        .duckdbLockWait(),
                "the env wins");
        assertEquals(
                Duration.ofMillis(2500),
                StorageConfig.resolve(null, env("DUCKDB_LOCK_WAIT", " 2.5 "), null)
                        .duckdbLockWait(),
                "plain numbers are seconds");
        assertEquals(
                Duration.ZERO,
                StorageConfig.resolve(null, env("DUCKDB_LOCK_WAIT", "0s"), null).duckdbLockWait());
        for (String bad : new String[] {"soon", "-1s", "2h", "1e3", "NaN"}) {
            StorageException e = assertThrows(
                    StorageException.class, () -> StorageConfig.resolve(null, env("DUCKDB_LOCK_WAIT", bad), null), bad);
            assertTrue(e.getMessage().contains("env DUCKDB_LOCK_WAIT: '" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("such as 30s, 500ms or 2m"), e.getMessage());
        }
        IllegalArgumentException negative = assertThrows(
                IllegalArgumentException.class,
                () -> StorageConfig.local(home.resolve("x")).withDuckdbLockWait(Duration.ofMillis(-1)));
        assertTrue(
                negative.getMessage().contains("duckdbLockWait must lie in [0, PT1H] but was PT-0.001S"),
                negative.getMessage());
        assertTrue(StorageConfig.local(home.resolve("x"))
                .withDuckdbLockWait(Duration.ofSeconds(5))
                .toString()
                .contains("duckdbLockWait=PT5S"));
    }
}
