package io.github.usersync.core.http;

import io.github.usersync.core.ApiException;
import io.github.usersync.core.ConnectionFailedException;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.EndpointCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link ConnectionReport} by running probes in order. A failed {@linkplain
 * #prerequisite prerequisite} (usually the token endpoint) marks every later probe as skipped with
 * the reason, so the report shows the one thing to fix first. A {@linkplain #listing listing}
 * probe hands the first listed id to the probes of single objects after it.
 */
public final class ConnectionChecks {
  private static final ThreadLocal<Integer> PROBING = ThreadLocal.withInitial(() -> 0);

  private final String provider;
  private final List<EndpointCheck> checks = new ArrayList<>();
  private @Nullable String blockedBy;
  private Function<ApiException, @Nullable String> fixes = e -> null;

  private ConnectionChecks(String provider) {
    this.provider = provider;
  }

  /** Starts a report for {@code provider}. */
  public static ConnectionChecks forProvider(String provider) {
    return new ConnectionChecks(provider);
  }

  /**
   * Supplies connector-specific fixes for API errors (e.g. which Graph permission a 403 on {@code
   * /groups} lacks); returning null keeps the generic fix.
   */
  public ConnectionChecks fixes(Function<ApiException, @Nullable String> fixes) {
    this.fixes = fixes;
    return this;
  }

  /** A probe the later probes depend on; if it fails they are skipped. */
  public ConnectionChecks prerequisite(String name, String endpoint, Runnable probe) {
    EndpointCheck c = run(name, endpoint, probe, false);
    if (!c.ok() && blockedBy == null) {
      blockedBy = name;
    }
    return this;
  }

  /** A probe. */
  public ConnectionChecks check(String name, String endpoint, Runnable probe) {
    run(name, endpoint, probe, false);
    return this;
  }

  /**
   * A probe of something a sync can do without (an audit log turned off, say): when {@code probe}
   * throws a {@link UsersyncException} that is neither a failed connection nor an API error answer,
   * the check is a {@link EndpointCheck.Status#WARNING} carrying the exception's message, not a
   * failure; connection failures and error answers still fail it.
   */
  public ConnectionChecks advisory(String name, String endpoint, Runnable probe) {
    run(name, endpoint, probe, true);
    return this;
  }

  /**
   * Probes one call of a connector's request catalogue, named by the request's label; the request
   * says whether a 404 counts as answered (a placeholder id, an object that may not exist).
   */
  public ConnectionChecks call(ApiClient api, ApiRequest request) {
    String label = request.label();
    return check(label != null ? label : request.method(), api.describe(request), () -> api.send(request));
  }

  /**
   * Probes a listing whose answer yields the first object's id, and returns the id the probes of
   * single objects (read one user, a group's members) use after it: the first listed, else {@code
   * placeholder}, an id no object has, which the endpoint answers with 404 once the call is
   * permitted. The probes after it should accept 404 for the placeholder.
   *
   * @param firstId the listing call, answering the first object's id if there is one
   */
  public String listing(String name, String endpoint, Supplier<Optional<String>> firstId, String placeholder) {
    String[] found = {placeholder};
    check(name, endpoint, () -> firstId.get().filter(id -> !id.isEmpty()).ifPresent(id -> found[0] = id));
    return found[0];
  }

  /**
   * Runs {@code work} as a probe: every {@link ApiClient} call it makes on this thread uses its
   * client's probe retry limits ({@link ApiClient.Builder#probeRetryPolicy}, by default one retry at
   * most) instead of a run's. Each probe of a {@code ConnectionChecks} runs this way; a caller
   * that checks a whole connector (as {@code UserSync.check()} does) may wrap it too.
   */
  public static <T> T probe(Supplier<T> work) {
    PROBING.set(PROBING.get() + 1);
    try {
      return work.get();
    } finally {
      int depth = PROBING.get() - 1;
      if (depth == 0) {
        PROBING.remove();
      } else {
        PROBING.set(depth);
      }
    }
  }

  /** Whether a {@link #probe} runs on this thread. */
  static boolean probing() {
    return PROBING.get() > 0;
  }

  /** The report. */
  public ConnectionReport report() {
    return ConnectionReport.builder().provider(provider).addAllChecks(checks).build();
  }

  private EndpointCheck run(String name, String endpoint, Runnable probe, boolean advisory) {
    EndpointCheck.Builder b = EndpointCheck.builder().name(name).endpoint(endpoint);
    if (blockedBy != null) {
      b.status(EndpointCheck.Status.SKIPPED).problem("not probed because '" + blockedBy + "' failed");
    } else {
      long start = System.nanoTime();
      try {
        probe(() -> {
          probe.run();
          return null;
        });
        b.status(EndpointCheck.Status.OK);
      } catch (ConnectionFailedException e) {
        b.status(EndpointCheck.Status.FAILED).problem(e.reason()).fix(e.fix());
      } catch (ApiException e) {
        String custom = fixes.apply(e);
        b.status(EndpointCheck.Status.FAILED)
            .httpStatus(e.status())
            .problem(apiProblem(e))
            .fix(custom != null ? custom : e.fix().orElse("See the provider's message above."));
      } catch (UsersyncException e) {
        b.status(advisory ? EndpointCheck.Status.WARNING : EndpointCheck.Status.FAILED)
            .problem(String.valueOf(e.getMessage()))
            .fix(advisory ? "Optional: runs work without it, as the problem says; to have it, do what the problem says."
                : "See the problem above.");
      }
      b.elapsed(Duration.ofNanos(System.nanoTime() - start));
    }
    EndpointCheck c = b.build();
    checks.add(c);
    return c;
  }

  private static String apiProblem(ApiException e) {
    StringBuilder s = new StringBuilder("answered HTTP ").append(e.status());
    e.errorCode().ifPresent(c -> s.append(' ').append(c));
    e.providerMessage().ifPresent(m -> s.append(": ").append(m));
    e.requestId().ifPresent(r -> s.append(" (request id ").append(r).append(')'));
    return s.toString();
  }
}
