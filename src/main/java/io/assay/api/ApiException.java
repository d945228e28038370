package io.assay.api;

/** A request the API refuses, with the HTTP status and a message that tells the caller what to change. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String title;

    public ApiException(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad Request", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not Found", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
