package io.seedgrid.storage.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns any symbol or id into one safe path segment: ASCII letters, digits, '-' and '_' are kept, every other byte
 * of the UTF-8 form becomes {@code %XX}, so the segment never contains '/', '\', '.', quotes, glob or shell
 * characters and never is "." or "..". A segment longer than {@link #MAX_READABLE} characters is cut and suffixed
 * with {@code ~} and a SHA-256 prefix to stay well below file name limits. Segments are for paths only: the files
 * themselves carry the symbol or id verbatim, and every read filters on it.
 */
final class Names {
    static final int MAX_READABLE = 120;
    private static final int CUT = 80;

    private Names() {}

    static String segment(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                sb.append((char) c);
            } else {
                sb.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        if (sb.length() <= MAX_READABLE) {
            return sb.toString();
        }
        int cut = CUT;
        while (cut > 0 && (sb.charAt(cut - 1) == '%' || (cut > 1 && sb.charAt(cut - 2) == '%'))) {
            cut--; // do not split a %XX escape
        }
        return sb.substring(0, cut) + "~" + sha256(bytes).substring(0, 32);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
