package io.seedgrid.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which backend a {@link Store} uses and where its data lives; {@link #resolve} builds it from the command line,
 * the environment and the config file.
 *
 * <p>Fields that do not concern the chosen backend may still be filled (so a command can show them) or be null.
 * {@link #databaseUrl} is always a {@code jdbc:postgresql:} URL <em>without</em> credentials: user and password
 * given inside a URL are moved to {@link #user} and {@link #password}. {@link #toString()} never shows the
 * password.
 *
 * @param backend     the backend
 * @param duckdbPath  the DuckDB file of the {@code local} backend
 * @param sharedPath  the directory of the {@code shared} backend
 * @param databaseUrl the PostgreSQL JDBC URL (no credentials) of the {@code postgres} backend
 * @param user        the PostgreSQL user, or null for the driver's default
 * @param password    the PostgreSQL password, or null
 * @param source      where the backend choice came from ("--storage", "env STORAGE_BACKEND", a config file,
 *                    "default" or "explicit")
 * @param duckdbLockWait how long an operation of the {@code local} backend waits for the DuckDB file while another
 *                    process holds it, before it fails naming that process; null for
 *                    {@link #DEFAULT_DUCKDB_LOCK_WAIT}, zero to fail at once
 */
public record StorageConfig(
        Backend backend,
        Path duckdbPath,
        Path sharedPath,
        String databaseUrl,
        String user,
        String password,
        String source,
        Duration duckdbLockWait) {

    /** Environment variable naming the backend. */
    public static final String ENV_BACKEND = "STORAGE_BACKEND";

    public static final String ENV_DUCKDB_PATH = "DUCKDB_PATH";
    /** How long the local backend waits for its DuckDB file, e.g. {@code 30s}, {@code 500ms}, {@code 2m}. */
    public static final String ENV_DUCKDB_LOCK_WAIT = "DUCKDB_LOCK_WAIT";

    public static final String ENV_SHARED_PATH = "SHARED_STORAGE_PATH";
    public static final String ENV_DATABASE_URL = "DATABASE_URL";
    public static final String ENV_NEON_DATABASE_URL = "NEON_DATABASE_URL";
    public static final String ENV_PGUSER = "PGUSER";
    public static final String ENV_PGPASSWORD = "PGPASSWORD";
    /** The config file in the seedgrid home. */
    public static final String CONFIG_FILE_NAME = "seedgrid.properties";
    /** The DuckDB file name in the seedgrid home. */
    public static final String DEFAULT_DUCKDB_FILE = "seedgrid.duckdb";

    public static final String KEY_BACKEND = "storage.backend";
    public static final String KEY_DUCKDB_PATH = "storage.duckdb.path";
    public static final String KEY_DUCKDB_LOCK_WAIT = "storage.duckdb.lock_wait";
    public static final String KEY_SHARED_PATH = "storage.shared.path";
    public static final String KEY_POSTGRES_URL = "storage.postgres.url";
    public static final String KEY_POSTGRES_USER = "storage.postgres.user";
    public static final String KEY_POSTGRES_PASSWORD = "storage.postgres.password";

    /** The default {@link #duckdbLockWait}: longer than any one operation of a CLI command or the service. */
    public static final Duration DEFAULT_DUCKDB_LOCK_WAIT = Duration.ofSeconds(30);
    /** The longest {@link #duckdbLockWait} accepted. */
    public static final Duration MAX_DUCKDB_LOCK_WAIT = Duration.ofHours(1);

    private static final String MASK = "***";
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");
    private static final Pattern URL_USERINFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@\\s?#]*)@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)([^&\\s;]*)");

    /** The storage backends. */
    public enum Backend {
        /** One DuckDB file; processes take turns, one operation at a time. The default. */
        LOCAL("local"),
        /** A directory of Parquet and JSON files that many processes on many machines share. */
        SHARED("shared"),
        /** PostgreSQL (also named {@code neon}). */
        POSTGRES("postgres");

        private final String label;

        Backend(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The names {@link #parse} accepts, for messages. */
        public static String validNames() {
            return "local, shared, postgres (alias: neon)";
        }

        /**
         * Parses a backend name (case-insensitive; "neon" means postgres).
         *
         * @throws StorageException naming the bad value and the valid ones
         */
        public static Backend parse(String name) {
            String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
            if (key.equals("neon")) {
                return POSTGRES;
            }
            for (Backend b : values()) {
                if (b.label.equals(key)) {
                    return b;
                }
            }
            throw new StorageException("unknown storage backend '" + name + "'; valid backends: " + validNames());
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public StorageConfig {
        Objects.requireNonNull(backend, "backend");
        duckdbPath = duckdbPath == null ? null : duckdbPath.toAbsolutePath().normalize();
        sharedPath = sharedPath == null ? null : sharedPath.toAbsolutePath().normalize();
        if (databaseUrl != null) {
            PgUrl url = PgUrl.parse(databaseUrl);
            databaseUrl = url.jdbcUrl;
            user = url.user != null ? url.user : user;
            password = url.password != null ? url.password : password;
        }
        source = source == null ? "explicit" : source;
        duckdbLockWait = duckdbLockWait == null ? DEFAULT_DUCKDB_LOCK_WAIT : duckdbLockWait;
        if (duckdbLockWait.isNegative() || duckdbLockWait.compareTo(MAX_DUCKDB_LOCK_WAIT) > 0) {
            throw new IllegalArgumentException(
                    "duckdbLockWait must lie in [0, " + MAX_DUCKDB_LOCK_WAIT + "] but was " + duckdbLockWait);
        }
        switch (backend) {
            case LOCAL ->
                require(
                        duckdbPath != null,
                        "the local backend needs a DuckDB file: set " + ENV_DUCKDB_PATH + " or " + KEY_DUCKDB_PATH);
            case SHARED ->
                require(
                        sharedPath != null,
                        "the shared backend needs a directory: set " + ENV_SHARED_PATH + " or " + KEY_SHARED_PATH
                                + " (in <home>/" + CONFIG_FILE_NAME + ")");
            case POSTGRES ->
                require(
                        databaseUrl != null,
                        "the postgres backend needs a database URL: set " + ENV_DATABASE_URL + " (or "
                                + ENV_NEON_DATABASE_URL + ") or " + KEY_POSTGRES_URL);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new StorageException(message);
        }
    }

    /** The local backend on {@code duckdbFile}. */
    public static StorageConfig local(Path duckdbFile) {
        return new StorageConfig(Backend.LOCAL, duckdbFile, null, null, null, null, "explicit", null);
    }

    /** The shared backend on {@code directory}. */
    public static StorageConfig shared(Path directory) {
        return new StorageConfig(Backend.SHARED, null, directory, null, null, null, "explicit", null);
    }

    /**
     * The postgres backend at {@code url} ({@code jdbc:postgresql://...}, {@code postgres://user:pw@host/db} or
     * {@code postgresql://...}); {@code user} and {@code password} may be null (credentials in the URL win).
     */
    public static StorageConfig postgres(String url, String user, String password) {
        return new StorageConfig(
                Backend.POSTGRES, null, null, Objects.requireNonNull(url, "url"), user, password, "explicit", null);
    }

    /** This config with another {@link #duckdbLockWait}. */
    public StorageConfig withDuckdbLockWait(Duration wait) {
        return new StorageConfig(
                backend,
                duckdbPath,
                sharedPath,
                databaseUrl,
                user,
                password,
                source,
                Objects.requireNonNull(wait, "wait"));
    }

    /** {@link #resolve(String, Map, Path)} with this process's environment and the home's config file. */
    public static StorageConfig resolve(String cliValue) {
        return resolve(cliValue, System.getenv(), null);
    }

    /**
     * Resolves the storage configuration. The backend comes from, in order: {@code cliValue} (the
     * {@code --storage} option), env {@code STORAGE_BACKEND}, {@code storage.backend} in the config file, else
     * {@code local}. Each backend's settings come from the environment ({@code DUCKDB_PATH},
     * {@code SHARED_STORAGE_PATH}, {@code DATABASE_URL} or {@code NEON_DATABASE_URL}, {@code PGUSER},
     * {@code PGPASSWORD}, {@code DUCKDB_LOCK_WAIT}), then the config file ({@code storage.duckdb.path},
     * {@code storage.duckdb.lock_wait}, {@code storage.shared.path},
     * {@code storage.postgres.url}, {@code storage.postgres.user}, {@code storage.postgres.password}; relative paths
     * are relative to the file's directory), then defaults ({@code <home>/seedgrid.duckdb}).
     *
     * @param cliValue   the {@code --storage} value, or null
     * @param env        the environment (e.g. {@link System#getenv()})
     * @param configFile the config file, or null for {@code <home>/seedgrid.properties}; a missing file is skipped
     * @throws StorageException for an unknown backend name, a backend missing its location, an unreadable config
     *                          file or a malformed database URL
     */
    public static StorageConfig resolve(String cliValue, Map<String, String> env, Path configFile) {
        Objects.requireNonNull(env, "env");
        Path home = SeedgridHome.resolve(env);
        Path file = (configFile != null ? configFile : home.resolve(CONFIG_FILE_NAME))
                .toAbsolutePath()
                .normalize();
        Properties props = load(file);

        String name;
        String source;
        if (present(cliValue)) {
            name = cliValue;
            source = "--storage";
        } else if (present(env.get(ENV_BACKEND))) {
            name = env.get(ENV_BACKEND);
            source = "env " + ENV_BACKEND;
        } else if (present(props.getProperty(KEY_BACKEND))) {
            name = props.getProperty(KEY_BACKEND);
            source = file + " (" + KEY_BACKEND + ")";
        } else {
            name = "local";
            source = "default";
        }
        Backend backend;
        try {
            backend = Backend.parse(name);
        } catch (StorageException e) {
            throw new StorageException(e.getMessage() + " (from " + source + ")");
        }

        Path duckdb = firstPath(env.get(ENV_DUCKDB_PATH), null, "env " + ENV_DUCKDB_PATH);
        if (duckdb == null) {
            duckdb = firstPath(props.getProperty(KEY_DUCKDB_PATH), file.getParent(), file + " " + KEY_DUCKDB_PATH);
        }
        if (duckdb == null) {
            duckdb = home.resolve(DEFAULT_DUCKDB_FILE);
        }
        Duration lockWait = present(env.get(ENV_DUCKDB_LOCK_WAIT))
                ? duration(env.get(ENV_DUCKDB_LOCK_WAIT), "env " + ENV_DUCKDB_LOCK_WAIT)
                : present(props.getProperty(KEY_DUCKDB_LOCK_WAIT))
                        ? duration(props.getProperty(KEY_DUCKDB_LOCK_WAIT), file + " " + KEY_DUCKDB_LOCK_WAIT)
                        : null;
        Path shared = firstPath(env.get(ENV_SHARED_PATH), null, "env " + ENV_SHARED_PATH);
        if (shared == null) {
            shared = firstPath(props.getProperty(KEY_SHARED_PATH), file.getParent(), file + " " + KEY_SHARED_PATH);
        }
        boolean neon = name.strip().equalsIgnoreCase("neon");
        List<String> urls = new ArrayList<>(
                neon
                        ? Arrays.asList(env.get(ENV_NEON_DATABASE_URL), env.get(ENV_DATABASE_URL))
                        : Arrays.asList(env.get(ENV_DATABASE_URL), env.get(ENV_NEON_DATABASE_URL)));
        urls.add(props.getProperty(KEY_POSTGRES_URL));
        String url = urls.stream()
                .filter(StorageConfig::present)
                .findFirst()
                .map(String::strip)
                .orElse(null);
        String user =
                present(env.get(ENV_PGUSER)) ? env.get(ENV_PGUSER) : blankToNull(props.getProperty(KEY_POSTGRES_USER));
        String password =
                env.get(ENV_PGPASSWORD) != null && !env.get(ENV_PGPASSWORD).isEmpty()
                        ? env.get(ENV_PGPASSWORD)
                        : blankToNull(props.getProperty(KEY_POSTGRES_PASSWORD));
        return new StorageConfig(backend, duckdb, shared, url, user, password, source, lockWait);
    }

    private static Properties load(Path file) {
        Properties props = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new StorageException("cannot read config file " + file + ": " + e.getMessage(), e);
            }
        } else if (Files.exists(file)) {
            throw new StorageException("config file " + file + " is not a regular file");
        }
        return props;
    }

    private static Path firstPath(String value, Path base, String origin) {
        if (!present(value)) {
            return null;
        }
        try {
            Path p = Path.of(value.strip());
            return base == null || p.isAbsolute() ? p : base.resolve(p);
        } catch (InvalidPathException e) {
            throw new StorageException("invalid path in " + origin + ": " + e.getMessage(), e);
        }
    }

    /** A wait such as {@code 30s}, {@code 500ms}, {@code 2m} or {@code 30} (seconds), within the accepted range. */
    private static Duration duration(String value, String origin) {
        Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
        Duration d = null;
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            double millis = n
                    * switch (m.group(2) == null ? "s" : m.group(2)) {
                        case "ms" -> 1;
                        case "m" -> 60_000;
                        default -> 1_000;
                    };
            d = millis <= MAX_DUCKDB_LOCK_WAIT.toMillis() ? Duration.ofMillis(Math.round(millis)) : null;
        }
        if (d == null) {
            throw new StorageException("invalid wait in " + origin + ": '"
                    + (value.length() > 40 ? value.substring(0, 40) + "..." : value)
                    + "'; give a duration of at most 1 hour such as 30s, 500ms or 2m");
        }
        return d;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String blankToNull(String value) {
        return present(value) ? value : null;
    }

    /** Where the data lives, safe to print: the DuckDB file, the shared directory or the URL without credentials. */
    public String location() {
        return switch (backend) {
            case LOCAL -> String.valueOf(duckdbPath);
            case SHARED -> String.valueOf(sharedPath);
            case POSTGRES -> databaseUrl + (user != null ? " (user " + user + ")" : "");
        };
    }

    /** One line for a terminal: backend, location and where the choice came from. */
    public String describe() {
        return backend.label() + " " + location() + " (backend from " + source + ")";
    }

    /**
     * {@code text} with this config's password and any URL credentials or {@code password=} parameters replaced by
     * {@code ***}: use it on every message that might echo a URL or a driver error.
     */
    public String redact(String text) {
        return redact(text, password);
    }

    static String redact(String text, String password) {
        if (text == null) {
            return null;
        }
        String out = text;
        if (password != null && password.length() >= 4) { // shorter ones would mangle every message
            out = out.replace(password, MASK);
        }
        out = URL_USERINFO.matcher(out).replaceAll(m -> {
            String info = m.group(2);
            int colon = info.indexOf(':');
            String masked = colon < 0 ? info : info.substring(0, colon + 1) + MASK;
            return Matcher.quoteReplacement(m.group(1) + masked + "@");
        });
        return PASSWORD_PARAM.matcher(out).replaceAll("$1" + MASK);
    }

    @Override
    public String toString() {
        return "StorageConfig[backend=" + backend + ", duckdbPath=" + duckdbPath + ", sharedPath=" + sharedPath
                + ", databaseUrl=" + redact(databaseUrl) + ", user=" + user + ", password="
                + (password == null ? "null" : MASK) + ", source=" + source + ", duckdbLockWait=" + duckdbLockWait
                + "]";
    }

    /** A PostgreSQL URL split into a credential-free JDBC URL and the credentials it carried. */
    record PgUrl(String jdbcUrl, String user, String password) {
        static PgUrl parse(String raw) {
            String s = raw.strip();
            String rest;
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.startsWith("jdbc:postgresql:")) {
                rest = s.substring("jdbc:postgresql:".length());
            } else if (lower.startsWith("postgresql:")) {
                rest = s.substring("postgresql:".length());
            } else if (lower.startsWith("postgres:")) {
                rest = s.substring("postgres:".length());
            } else {
                throw new StorageException("database URL must start with postgres://, postgresql:// or "
                        + "jdbc:postgresql:// but was '" + redact(s, null) + "'");
            }
            if (!rest.startsWith("//")) {
                return new PgUrl("jdbc:postgresql:" + rest, null, null); // jdbc:postgresql:database form
            }
            rest = rest.substring(2);
            int slash = indexOfAny(rest, "/?");
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            String tail = slash < 0 ? "" : rest.substring(slash);
            String user = null;
            String password = null;
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                String info = authority.substring(0, at);
                authority = authority.substring(at + 1);
                int colon = info.indexOf(':');
                user = decode(colon < 0 ? info : info.substring(0, colon));
                password = colon < 0 ? null : decode(info.substring(colon + 1));
                user = user.isEmpty() ? null : user;
            }
            if (authority.isEmpty()) {
                throw new StorageException("database URL has no host: '" + redact(s, password) + "'");
            }
            String path = tail;
            String query = "";
            int q = tail.indexOf('?');
            if (q >= 0) {
                path = tail.substring(0, q);
                query = tail.substring(q + 1);
            }
            List<String> kept = new ArrayList<>();
            for (String param : query.split("&")) {
                if (param.isEmpty()) {
                    continue;
                }
                int eq = param.indexOf('=');
                String key = (eq < 0 ? param : param.substring(0, eq)).toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : decode(param.substring(eq + 1));
                if (key.equals("user")) {
                    user = value.isEmpty() ? user : value;
                } else if (key.equals("password")) {
                    password = value;
                } else {
                    kept.add(param);
                }
            }
            String jdbc = "jdbc:postgresql://" + authority + path
                    + (kept.isEmpty() ? "" : "?" + kept.stream().collect(Collectors.joining("&")));
            return new PgUrl(jdbc, user, password);
        }

        private static int indexOfAny(String s, String chars) {
            for (int i = 0; i < s.length(); i++) {
                if (chars.indexOf(s.charAt(i)) >= 0) {
                    return i;
                }
            }
            return -1;
        }

        /** Percent-decoding without turning '+' into a space (userinfo is not form encoding). */
        private static String decode(String s) {
            if (s.indexOf('%') < 0) {
                return s;
            }
            var bytes = new ByteArrayOutputStream();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '%'
                        && i + 2 < s.length()
                        && Character.digit(s.charAt(i + 1), 16) >= 0
                        && Character.digit(s.charAt(i + 2), 16) >= 0) {
                    bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 3;
                } else {
                    int cp = s.codePointAt(i);
                    bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                    i += Character.charCount(cp);
                }
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "PgUrl[" + jdbcUrl + ", user=" + user + ", password=" + (password == null ? "null" : MASK) + "]";
        }
    }
}
