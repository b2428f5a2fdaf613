package io.seedgrid.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real PostgreSQL (embedded, 127.0.0.1) that stops under the running service: the 503s say which backend failed,
 * never where it is or as whom (host, port, database, user, password).
 */
class StorageOutageTest {
    static final String USER = "svc_outage_user";
    static final String PASSWORD = "pw-outage-0123456789";
    static final String DATABASE = "outage_db";

    @Test
    void a503NamesTheBackendButNeitherWhereNorAsWhom() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "off")
                .start();
        boolean stopped = false;
        try {
            try (Connection c = pg.getPostgresDatabase().getConnection();
                    Statement st = c.createStatement()) {
                st.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
                st.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
            String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + DATABASE;
            List<String> secrets =
                    List.of("127.0.0.1", "localhost", String.valueOf(pg.getPort()), DATABASE, USER, PASSWORD, "jdbc:");
            try (Store store = Stores.open(StorageConfig.postgres(url, USER, PASSWORD));
                    SeedgridService service = SeedgridServices.start(
                            ServiceConfig.builder().port(0).build(), store)) {
                Http http = new Http(service.url());
                assertEquals(200, http.get("/strategies").status());
                Http.Answer up = http.get("/health/detailed");
                assertEquals(200, up.status(), up.body());
                assertNone(secrets, up);
                pg.close();
                stopped = true;
                // both at once: each waits out the connection pool's timeout
                CompletableFuture<Http.Answer> detailed =
                        CompletableFuture.supplyAsync(() -> http.get("/health/detailed"));
                Http.Answer down = http.get("/strategies");
                assertEquals(503, down.status(), down.body());
                assertEquals("postgres", down.json().get("backend").asText(), down.body());
                assertEquals(503, down.json().get("status").asInt());
                assertNotNull(down.header("Retry-After"), "when to try again");
                assertNone(secrets, down);
                Http.Answer health = detailed.get(60, TimeUnit.SECONDS);
                assertEquals(503, health.status(), health.body());
                assertEquals("UNHEALTHY", health.json().at("/storage/status").asText(), health.body());
                assertEquals("postgres", health.json().at("/storage/backend").asText());
                assertNone(secrets, health);
            }
        } finally {
            if (!stopped) {
                pg.close();
            }
        }
    }

    static void assertNone(List<String> secrets, Http.Answer a) {
        for (String s : secrets) {
            assertFalse(a.body().contains(s), "'" + s + "' in " + a.body());
        }
    }
}
