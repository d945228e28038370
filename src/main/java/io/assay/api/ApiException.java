package io.assay.api;

/** Thrown by resources to answer with a {@link Problem}; mapped by {@link ProblemMappers}. */
public class ApiException extends RuntimeException {
    private final Problem problem;

    public ApiException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public static ApiException badRequest(String slug, String title, String detail) {
        return new ApiException(Problem.badRequest(slug, title, detail));
    }

    /** 400: a parameter or body field is wrong; the detail names it and the expected form. */
    public static ApiException badRequest(String detail) {
        return new ApiException(Problem.badRequest("invalid-parameter", "Invalid parameter", detail));
    }

    /** 404: the thing asked for does not exist; the detail says what does. */
    public static ApiException notFound(String detail) {
        return new ApiException(Problem.of(404, "not-found", "Not Found", detail));
    }

    public Problem problem() {
        return problem;
    }
}
