package io.github.usersync.onelogin;

import io.github.usersync.core.DirectoryException;
import java.time.Duration;

/**
 * A OneLogin read stopped before a request that would have brought the account's remaining API
 * calls below {@link OneLoginSettings#minRemainingApiCalls()}. OneLogin's hourly budget is shared
 * by every integration of the account, so the connector pauses rather than spend it all.
 *
 * <p>The request was not sent. The read is incomplete, so a sync treats it like any failed read:
 * it deactivates and deletes nothing, skips cleanup and reports why; run it again after {@link
 * #resetIn()}.
 */
public class OneLoginBudgetException extends DirectoryException {
  private static final long serialVersionUID = 1L;

  private final long remaining;
  private final int minimum;
  private final Duration resetIn;

  /**
   * Creates the exception.
   *
   * @param remaining the calls OneLogin last said remain in this hour
   * @param minimum the calls to leave for other integrations
   * @param resetIn how long until OneLogin resets the budget
   * @param endpoint the request that was not sent, e.g. {@code GET https://acme.onelogin.com/api/2/users}
   */
  public OneLoginBudgetException(long remaining, int minimum, Duration resetIn, String endpoint) {
    super(
        "onelogin: paused to protect OneLogin's shared API budget: "
            + remaining
            + " calls remaining, minimum "
            + minimum
            + "; resets in "
            + resetIn.toSeconds()
            + " s. The request "
            + endpoint
            + " was not sent, so this read is incomplete. The hourly budget is shared by every"
            + " integration of the OneLogin account; run the sync again after the reset, or lower"
            + " the minRemainingApiCalls setting (0 turns this guard off).");
    this.remaining = remaining;
    this.minimum = minimum;
    this.resetIn = resetIn;
  }

  /** The calls OneLogin last said remain in the current hour. */
  public long remaining() {
    return remaining;
  }

  /** The calls to leave for other integrations ({@code minRemainingApiCalls}). */
  public int minimum() {
    return minimum;
  }

  /** How long until OneLogin resets the budget, as its {@code X-RateLimit-Reset} header said. */
  public Duration resetIn() {
    return resetIn;
  }
}
