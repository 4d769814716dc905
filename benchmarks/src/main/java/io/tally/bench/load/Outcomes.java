package io.tally.bench.load;

/**
 * The counts of a load's measured window: requests answered (refusals included), events by
 * outcome, requests refused at admission (429), requests that failed (no answer, or an answer
 * that is not the ingest API's), and requests an open loop could not send on time. A closed loop
 * also counts the requests still in flight when the window ended ({@code answeredAfter}): answered
 * after it, they are in none of the other counts (if every request outlasts the window, this is
 * where they show).
 */
public record Outcomes(long requests, long accepted, long duplicate, long unavailable, long otherEvents,
    long refusedRequests, long failedRequests, long notSent, long answeredAfter) {}
