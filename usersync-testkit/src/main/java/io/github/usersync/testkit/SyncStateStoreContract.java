package io.github.usersync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.sync.SyncState;
import io.github.usersync.core.sync.SyncStateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link io.github.usersync.core.sync.SyncStateStore} passes: a saved state
 * reads back equal (every field, unusual names, large states), a save replaces the whole state of
 * one sync and no other, and concurrent saves of different syncs are all kept. Extend it and
 * implement {@link #createStore()}; override {@link #reopen} where a store can be opened again over
 * the same storage (a restart, or another node). Each test uses fresh sync names, so the storage
 * may hold other states.
 */
public abstract class SyncStateStoreContract {
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  /** A store to test. */
  protected abstract SyncStateStore createStore();

  /**
   * The same storage opened again, as after a restart or from another node (default: {@code
   * store} itself, for stores that cannot be reopened).
   */
  protected SyncStateStore reopen(SyncStateStore store) {
    return store;
  }

  /** A sync name unique to this test run. */
  protected String name(String base) {
    return base + "-" + run;
  }

  /** A state with every field set, {@code size} entries in each map. */
  protected static SyncState sampleState(String tag, int size) {
    Instant t = Instant.parse("2026-12-03T06:00:00.123456789Z");
    SyncState.Builder b = SyncState.builder()
        .cursor(ChangeCursor.of("entra", "https://graph.example/delta?$deltatoken=" + tag + "&ü=1", t))
        .lastFullSync(t.minusSeconds(3600))
        .fullRuns(size + 1L);
    for (int i = 0; i < size; i++) {
      String id = tag + "-" + i;
      b.putManagedGroups("grp-" + id, SyncState.ManagedGroup.of("Légal & Compliance " + i, i % 2 == 0));
      b.putPending("user-" + id, SyncState.Pending.of("target answered 500 \"Internal\" for " + id, t.plusMillis(i)));
      b.putRefusals("refused-" + id, SyncState.Refusal.of("fp-" + i, "username contains '+'", t));
      b.putPhotos("photo-" + id, "sha256:" + Integer.toHexString(i * 7919));
    }
    return b.build();
  }

  @Test
  void beforeTheFirstSaveThereIsNoState() {
    assertThat(createStore().load(name("never-saved"))).isEmpty();
  }

  @Test
  void aSavedStateReadsBackEqualEveryField() {
    SyncStateStore store = createStore();
    SyncState state = sampleState("a", 3);

    store.save(name("round-trip"), state);

    assertThat(store.load(name("round-trip"))).contains(state);
    assertThat(reopen(store).load(name("round-trip"))).contains(state);
  }

  @Test
  void anEmptyStateIsAStateToo() {
    SyncStateStore store = createStore();

    store.save(name("empty"), SyncState.empty());

    assertThat(reopen(store).load(name("empty"))).contains(SyncState.empty());
  }

  @Test
  void aSaveReplacesTheWholeStateOfThatSync() {
    SyncStateStore store = createStore();
    store.save(name("replace"), sampleState("old", 5));
    SyncState next = SyncState.builder().from(sampleState("new", 1)).pending(java.util.Map.of()).build();

    store.save(name("replace"), next);

    SyncState loaded = reopen(store).load(name("replace")).orElseThrow();
    assertThat(loaded).isEqualTo(next);
    assertThat(loaded.pending()).isEmpty();
    assertThat(loaded.managedGroups()).doesNotContainKey("grp-old-0");
  }

  @Test
  void syncsAreIndependent() {
    SyncStateStore store = createStore();
    SyncState a = sampleState("a", 2);
    SyncState b = sampleState("b", 2);
    store.save(name("one"), a);
    store.save(name("two"), b);

    store.save(name("one"), SyncState.empty());

    assertThat(reopen(store).load(name("two"))).contains(b);
    assertThat(reopen(store).load(name("one"))).contains(SyncState.empty());
  }

  @Test
  void unusualSyncNamesAreKeptApart() {
    SyncStateStore store = createStore();
    List<String> names = List.of(name("okta to jira"), name("okta/jira"), name("Okta-Jira"), name("okta-jira"),
        name("Zoë's \"sync\"; DROP TABLE x"), name("x".repeat(150)));
    for (int i = 0; i < names.size(); i++) {
      store.save(names.get(i), sampleState("n" + i, 1));
    }
    for (int i = 0; i < names.size(); i++) {
      assertThat(reopen(store).load(names.get(i))).as(names.get(i)).contains(sampleState("n" + i, 1));
    }
  }

  @Test
  void aLargeStateRoundTrips() {
    SyncStateStore store = createStore();
    SyncState big = sampleState("big", 5_000);

    store.save(name("large"), big);

    assertThat(reopen(store).load(name("large"))).contains(big);
  }

  @Test
  void concurrentSavesOfDifferentSyncsAreAllKept() throws Exception {
    SyncStateStore store = createStore();
    int syncs = 6;
    int saves = 5;
    CyclicBarrier start = new CyclicBarrier(syncs);
    ExecutorService pool = Executors.newFixedThreadPool(syncs);
    try {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int s = 0; s < syncs; s++) {
        String sync = name("concurrent-" + s);
        all.add(CompletableFuture.runAsync(() -> {
          try {
            start.await(30, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          for (int i = 0; i < saves; i++) {
            store.save(sync, sampleState(sync + "-" + i, 2));
          }
        }, pool));
      }
      CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    SyncStateStore reopened = reopen(store);
    for (int s = 0; s < syncs; s++) {
      String sync = name("concurrent-" + s);
      assertThat(reopened.load(sync)).as(sync).contains(sampleState(sync + "-" + (saves - 1), 2));
    }
  }
}
