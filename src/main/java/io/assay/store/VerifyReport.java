package io.assay.store;

import java.util.List;

/**
 * Result of {@link Store#verify()}.
 *
 * @param ok       true if no problem was found
 * @param series   series checked
 * @param points   points checked
 * @param problems one line per problem, each naming the file and what is wrong
 */
public record VerifyReport(boolean ok, long series, long points, List<String> problems) {
}
