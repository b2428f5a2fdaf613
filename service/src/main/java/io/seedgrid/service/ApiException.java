package io.seedgrid.service;

/** An answer other than 200 with a JSON error: the status, the message and, for bad input, the field. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String field;

    ApiException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    static ApiException badRequest(String field, String message) {
        return new ApiException(400, field, message);
    }

    static ApiException notFound(String field, String message) {
        return new ApiException(404, field, message);
    }
}
