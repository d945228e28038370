package io.assay.chain;

/**
 * A snapshot of one endpoint's health, for {@code /v1/chains} and logs. Never carries the URL's secrets.
 *
 * @param label               scheme://host:port (path and query hidden)
 * @param state               {@code ok}, {@code backoff} (cooling down after errors), {@code unchecked}
 *                            (identity not yet verified) or {@code excluded}
 * @param requests            calls sent
 * @param errors              calls that failed (transport, HTTP status, malformed answer, or JSON-RPC error)
 * @param consecutiveFailures failures since the last success
 * @param lastError           the last failure's message, or null
 * @param excludedReason      why the endpoint was dropped from the pool, or null
 * @param lastLatencyMillis   duration of the last successful call
 */
public record EndpointView(String label, String state, long requests, long errors, int consecutiveFailures,
                           String lastError, String excludedReason, long lastLatencyMillis) {
}
