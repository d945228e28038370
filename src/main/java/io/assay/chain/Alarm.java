package io.assay.chain;

/**
 * Something an operator must look at. Alarms stay in the chain's status (the last few are kept) and are
 * counted in metrics; they never change indexed data.
 *
 * @param kind    {@code reconcile-mismatch}, {@code endpoint-excluded}, {@code reorg}, {@code halt}, ...
 * @param message what was found, with heights and values
 * @param height  block height it concerns (-1 if none)
 * @param at      when it was raised, epoch milliseconds
 */
public record Alarm(String kind, String message, long height, long at) {
}
