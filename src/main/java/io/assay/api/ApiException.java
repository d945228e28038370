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

    public Problem problem() {
        return problem;
    }
}
