package io.seedgrid.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 client on one loopback socket, for what java.net.http will not send: malformed requests, heads
 * and bodies sent a byte at a time, requests abandoned halfway.
 */
final class Raw implements AutoCloseable {
    final Socket socket;

    /** An answer as it came over the wire; {@code status} -1 when the server closed without answering. */
    record Answer(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return Http.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + ", " + headers + "): " + body, e);
            }
        }

        /** A header by its name in any case, or null. */
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    Raw(int port) {
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code text} (ISO-8859-1); false when the server has closed the connection. */
    boolean send(String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    /**
     * The answer, waiting at most {@code timeout} for it.
     *
     * @throws AssertionError when nothing complete came within {@code timeout}
     */
    Answer read(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                Answer a = parse(got.toByteArray());
                if (a != null) {
                    return a;
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new AssertionError(
                            "no answer within " + timeout + "; got: " + got.toString(StandardCharsets.ISO_8859_1));
                }
                socket.setSoTimeout((int) Math.max(1, left));
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (IOException reset) { // the server closed while we were still sending
                    n = -1;
                }
                if (n < 0) {
                    Answer last = parse(got.toByteArray());
                    return last != null ? last : new Answer(-1, Map.of(), got.toString(StandardCharsets.ISO_8859_1));
                }
                got.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A complete answer in {@code bytes} (head and Content-Length body), or null while incomplete. */
    private static Answer parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return null;
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = new byte[bytes.length - end - 4];
        System.arraycopy(bytes, end + 4, body, 0, body.length);
        if (body.length < length) {
            return null;
        }
        return new Answer(status, headers, new String(body, 0, length, StandardCharsets.UTF_8));
    }

    /** Sends {@code request} on a fresh connection and reads the answer (10 s at most). */
    static Answer exchange(int port, String request) {
        try (Raw raw = new Raw(port)) {
            raw.send(request);
            return raw.read(Duration.ofSeconds(10));
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket the server already closed
        }
    }
}
