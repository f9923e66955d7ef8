package io.github.usersync.core.sync;

import static io.github.usersync.core.sync.Fixture.directory;
import static io.github.usersync.core.sync.Fixture.sync;
import static io.github.usersync.core.sync.Fixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.Usersync;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.sync.internal.RunContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Issue 21, item 3: a run id in every log line of a run, one INFO line at start and end, the scheduler's history. */
class RunObservabilityTest {
  private static final org.slf4j.Logger HOST_LOG = LoggerFactory.getLogger("io.github.usersync.test.host");
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>() {
    @Override
    protected void append(ILoggingEvent e) {
      e.prepareForDeferredProcessing(); // the MDC as it was when the line was logged
      super.append(e);
    }
  };
  private final Logger usersync = (Logger) LoggerFactory.getLogger("io.github.usersync");
  private Level level;

  @BeforeEach
  void capture() {
    level = usersync.getLevel();
    usersync.setLevel(Level.INFO);
    usersync.setAdditive(false);
    logs.start();
    usersync.addAppender(logs);
  }

  @AfterEach
  void release() {
    usersync.detachAppender(logs);
    usersync.setAdditive(true);
    usersync.setLevel(level);
  }

  /** A host that logs each user it creates, from whichever thread applies the change. */
  private static final class LoggingTarget extends ForwardingTarget {
    final Set<String> threads = ConcurrentHashMap.newKeySet();

    LoggingTarget() {
      super(InMemoryTarget.create());
    }

    @Override
    public HostUser createUser(NewHostUser u) {
      threads.add(Thread.currentThread().getName());
      HOST_LOG.info("creating {}", u.username());
      return super.createUser(u);
    }
  }

  @Test
  void everyLogLineOfAScheduledRunCarriesItsRunIdIncludingApplyWorkers() throws Exception {
    InMemoryDirectory d = directory(40);
    LoggingTarget host = new LoggingTarget();
    UserSync sync = UserSync.builder(d, host).mapper(new TestMapper()).name("observed")
        .policy(SyncPolicy.builder().applyConcurrency(4).build()).build();

    SyncReport first;
    SyncReport second;
    try (SyncScheduler scheduler = SyncScheduler.builder(sync, "0 0 0 1 1 ? 2099").build().start()) {
      first = scheduler.syncNow().get(30, TimeUnit.SECONDS);
      d.putUser(user("u41", "user41"));
      second = scheduler.syncNow().get(30, TimeUnit.SECONDS);
      assertThat(scheduler.lastReport()).containsSame(second);
      assertThat(scheduler.history()).containsExactly(first, second);
    }

    assertThat(first.runId()).isNotEqualTo(second.runId());
    List<ILoggingEvent> ofFirst = logs.list.stream()
        .filter(e -> first.runId().equals(e.getMDCPropertyMap().get(RunContext.RUN_ID))).collect(Collectors.toList());
    List<ILoggingEvent> creating = logs.list.stream()
        .filter(e -> e.getFormattedMessage().startsWith("creating ")).collect(Collectors.toList());
    assertThat(creating).hasSize(41);
    // Every line the host logged while applying names its run, from the worker threads too.
    assertThat(creating).allSatisfy(e -> assertThat(e.getMDCPropertyMap())
        .containsKey(RunContext.RUN_ID).containsEntry(RunContext.SYNC, "observed"));
    assertThat(ofFirst.stream().filter(e -> e.getFormattedMessage().startsWith("creating "))).hasSize(40);
    assertThat(host.threads).as("the first run applied on pool threads").anyMatch(t -> t.startsWith("usersync-observed-"));

    List<String> info = ofFirst.stream().filter(e -> e.getLevel() == Level.INFO && e.getLoggerName().startsWith("io.github.usersync.core"))
        .map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    assertThat(info).hasSize(2);
    assertThat(info.get(0)).isEqualTo("sync observed run " + first.runId() + " started: full sync, memory -> forwarding");
    assertThat(info.get(1)).startsWith("sync observed run " + first.runId() + " finished: success in ")
        .contains("40 users read; created 40, updated 0").contains("not provisioned 0");
    assertThat(MDC.get(RunContext.RUN_ID)).as("nothing left in the caller's MDC").isNull();
  }

  @Test
  void theSchedulersHistoryIsBounded() throws Exception {
    UserSync sync = sync(directory(2), InMemoryTarget.create()).build();
    try (SyncScheduler scheduler = SyncScheduler.builder(sync, "0 0 0 1 1 ? 2099").historySize(2).build().start()) {
      assertThat(scheduler.lastReport()).isEmpty();
      SyncReport a = scheduler.syncNow().get(30, TimeUnit.SECONDS);
      SyncReport b = scheduler.syncNow().get(30, TimeUnit.SECONDS);
      SyncReport c = scheduler.syncNow().get(30, TimeUnit.SECONDS);
      assertThat(scheduler.history()).containsExactly(b, c).doesNotContain(a);
      assertThat(scheduler.lastReport()).containsSame(c);
    }
  }

  @Test
  void theRunContextReachesTasksAndIsRemovedAfter() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      ExecutorService propagating = RunContext.propagating(pool);
      String seen;
      try (RunContext ignored = RunContext.open("run-1", "s")) {
        seen = propagating.submit(() -> MDC.get(RunContext.RUN_ID)).get(10, TimeUnit.SECONDS);
      }
      assertThat(seen).isEqualTo("run-1");
      assertThat(pool.submit(() -> MDC.get(RunContext.RUN_ID)).get(10, TimeUnit.SECONDS)).as("the worker is clean again").isNull();
      assertThat(MDC.get(RunContext.RUN_ID)).isNull();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void inactiveUsersNeverCreatedAreNotProvisionedNotUnchanged() throws Exception {
    InMemoryDirectory d = directory(3);
    d.putUser(user("u9", "user9", false, "R&D"));
    UserSync sync = sync(d, InMemoryTarget.create()).build();

    SyncReport first = sync.run();
    assertThat(first.counts().created()).isEqualTo(3);
    assertThat(first.counts().notProvisioned()).isEqualTo(1);
    assertThat(first.counts().unchanged()).isZero();

    SyncReport second = sync.runFull();
    assertThat(second.counts().unchanged()).isEqualTo(3);
    assertThat(second.counts().notProvisioned()).isEqualTo(1);
    assertThat(second.toText()).containsPattern("not provisioned\\s+1");
    JsonNode json = new ObjectMapper().readTree(second.toJson());
    assertThat(json.path("counts").path("notProvisioned").asLong()).isEqualTo(1);
    assertThat(json.path("counts").path("unchanged").asLong()).isEqualTo(3);
  }

  @Test
  void theJsonReportHasTheRunIdVersionAndEachChangesTimeAndErrorCode() throws Exception {
    InMemoryDirectory d = directory(2);
    InMemoryTarget host = InMemoryTarget.builder()
        .rejecting((op, subject) -> op.equals("create user") && subject.equals("user2")).build();
    SyncReport report = sync(d, host).build().run();

    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertThat(json.path("runId").asText()).isEqualTo(report.runId()).hasSize(36);
    assertThat(json.path("usersyncVersion").asText()).isEqualTo(Usersync.version());
    assertThat(json.path("status").asText()).isEqualTo("failed");
    JsonNode created = null;
    JsonNode failed = null;
    for (JsonNode c : json.path("changes")) {
      if (c.path("type").asText().equals("CREATE_USER")) {
        if (c.path("subject").asText().equals("user1")) {
          created = c;
        } else {
          failed = c;
        }
      }
    }
    JsonNode ok = java.util.Objects.requireNonNull(created, "user1's creation");
    JsonNode bad = java.util.Objects.requireNonNull(failed, "user2's creation");
    assertThat(ok.path("outcome").asText()).isEqualTo("APPLIED");
    assertThat(java.time.Instant.parse(ok.path("at").asText())).isBetween(report.startedAt(), report.finishedAt());
    assertThat(ok.has("errorCode")).isFalse();
    assertThat(bad.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(bad.path("errorCode").asText()).isEqualTo("HOST_ERROR");
    assertThat(bad.path("at").asText()).isNotEmpty();
  }
}
