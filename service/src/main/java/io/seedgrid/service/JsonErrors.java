package io.seedgrid.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Every error answer is {@code {"error": ..., "status": N}}: the service's own (through {@link #body}) and Jetty's
 * (this handler, for requests Jetty refuses before the application sees them: bad request lines, too long URIs or
 * headers, a full queue), whatever the client accepts. Messages are cut, so no input is echoed whole.
 */
final class JsonErrors extends ErrorHandler {
    static final String CONTENT_TYPE = "application/json";
    /** Longest message an error answer carries. */
    static final int MAX_MESSAGE = 1000;
    /** Retry-After of a 503: the service shed load and a slot frees within seconds. */
    static final int RETRY_BUSY_SECONDS = 5;
    /** Retry-After of a 429: the run queue is full and runs take minutes. */
    static final int RETRY_QUEUE_SECONDS = 30;

    /** The error object: message (cut), the field at fault if any, the status. */
    static Map<String, Object> body(int status, String field, String message) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("error", cut(message == null ? HttpStatus.getMessage(status) : message));
        if (field != null) {
            v.put("field", cut(field));
        }
        v.put("status", status);
        return v;
    }

    /** The Retry-After value of a status, in seconds, or -1 when it has none. */
    static int retryAfterSeconds(int status) {
        return status == 429 ? RETRY_QUEUE_SECONDS : status == 503 ? RETRY_BUSY_SECONDS : -1;
    }

    /** {@code text} cut to {@link #MAX_MESSAGE} characters, saying how much was left out. */
    static String cut(String text) {
        if (text.length() <= MAX_MESSAGE) {
            return text;
        }
        return text.substring(0, MAX_MESSAGE) + "... (" + (text.length() - MAX_MESSAGE) + " more characters)";
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String message = (String) request.getAttribute(ERROR_MESSAGE);
        if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException e) {
            status = e.getCode();
            response.setStatus(status);
            message = message != null ? message : e.getReason();
        }
        response.getHeaders().put(ERROR_CACHE_CONTROL);
        int retry = retryAfterSeconds(status);
        if (retry >= 0) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, String.valueOf(retry));
        }
        if (HttpStatus.hasNoBody(status) || "HEAD".equals(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        byte[] json = ApiJson.write(body(status, null, message), false).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(json), callback);
        return true;
    }
}
