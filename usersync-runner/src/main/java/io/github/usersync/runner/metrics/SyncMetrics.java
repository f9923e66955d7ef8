package io.github.usersync.runner.metrics;

import io.github.usersync.core.model.RequestStats;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.ChangeType;
import io.github.usersync.core.sync.SyncListener;
import io.github.usersync.core.sync.SyncReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records each run of a sync in a Micrometer {@link MeterRegistry}: a {@link SyncListener} to add
 * to the sync ({@code UserSync.builder(...).listener(metrics)}, or {@code
 * ConfigRunner.withListener}). Micrometer is an optional dependency of usersync-runner: add {@code
 * micrometer-core} (and a registry, e.g. {@code micrometer-registry-prometheus}) to use this class.
 *
 * <p>Meters, each tagged {@code sync} (the sync's name); dry runs are not recorded:
 *
 * <ul>
 *   <li>{@code usersync.runs} (counter; {@code mode}, {@code status}): runs finished;
 *   <li>{@code usersync.run.duration} (timer; {@code mode}, {@code status}): how long runs took;
 *   <li>{@code usersync.changes} (counter; {@code type}, {@code outcome}): changes by type ({@code
 *       create_user}, …) and outcome ({@code applied}, {@code failed}, {@code skipped}, {@code
 *       not_applied});
 *   <li>{@code usersync.users.read} (counter): users read from the IdP;
 *   <li>{@code usersync.requests}, {@code usersync.retries}, {@code usersync.throttled} (counters;
 *       {@code side} {@code idp} or {@code host}): HTTP requests, retries and throttled answers;
 *   <li>{@code usersync.throttle.wait} (counter, seconds; {@code side}): time spent waiting as
 *       throttling asked;
 *   <li>{@code usersync.last.success} (gauge, seconds since the epoch): when the last successful
 *       run finished; 0 until one has.
 * </ul>
 */
public final class SyncMetrics implements SyncListener {
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> lastSuccess = new java.util.concurrent.ConcurrentHashMap<>();

  private SyncMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A listener recording into {@code registry}. */
  public static SyncMetrics of(MeterRegistry registry) {
    return new SyncMetrics(registry);
  }

  @Override
  public void finished(SyncReport report) {
    if (report.dryRun()) {
      return;
    }
    String sync = report.name();
    Tags run = Tags.of("sync", sync, "mode", id(report.mode().name()), "status", report.status().id());
    Counter.builder("usersync.runs").description("Sync runs finished").tags(run).register(registry).increment();
    Timer.builder("usersync.run.duration").description("How long sync runs took").tags(run).register(registry)
        .record(report.duration().toNanos(), TimeUnit.NANOSECONDS);
    Counter.builder("usersync.users.read").description("Users read from the IdP").tag("sync", sync)
        .register(registry).increment(report.plan().usersRead());

    Map<ChangeType, long[]> byType = new EnumMap<>(ChangeType.class);
    for (ChangeOutcome o : report.outcomes()) {
      byType.computeIfAbsent(o.change().type(), t -> new long[ChangeOutcome.Status.values().length])[o.status().ordinal()]++;
    }
    byType.forEach((type, counts) -> {
      for (ChangeOutcome.Status status : ChangeOutcome.Status.values()) {
        if (counts[status.ordinal()] > 0) {
          Counter.builder("usersync.changes").description("Changes by type and outcome")
              .tags("sync", sync, "type", id(type.name()), "outcome", id(status.name()))
              .register(registry).increment(counts[status.ordinal()]);
        }
      }
    });
    requests(sync, "idp", report.directoryRequests());
    requests(sync, "host", report.targetRequests());

    AtomicLong last = lastSuccess.computeIfAbsent(sync, s -> {
      AtomicLong holder = new AtomicLong();
      Gauge.builder("usersync.last.success", holder, AtomicLong::get)
          .description("When the last successful run finished, in seconds since the epoch")
          .baseUnit("seconds").tag("sync", s).register(registry);
      return holder;
    });
    if (report.success()) {
      last.set(report.finishedAt().getEpochSecond());
    }
  }

  private void requests(String sync, String side, RequestStats.Snapshot s) {
    Tags tags = Tags.of("sync", sync, "side", side);
    Counter.builder("usersync.requests").description("HTTP requests made").tags(tags).register(registry)
        .increment(s.requests());
    Counter.builder("usersync.retries").description("Requests retried").tags(tags).register(registry)
        .increment(s.retries());
    Counter.builder("usersync.throttled").description("Requests answered with throttling").tags(tags)
        .register(registry).increment(s.throttled());
    Counter.builder("usersync.throttle.wait").description("Time spent waiting as throttling asked")
        .baseUnit("seconds").tags(tags).register(registry).increment(s.throttleWait().toMillis() / 1000.0);
  }

  private static String id(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
