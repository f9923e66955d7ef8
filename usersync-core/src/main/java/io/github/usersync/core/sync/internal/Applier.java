package io.github.usersync.core.sync.internal;

import io.github.usersync.core.ApiException;
import io.github.usersync.core.ProvisioningException;
import io.github.usersync.core.RemoteCallException;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.model.Photo;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.ChangeType;
import io.github.usersync.core.sync.SyncPhase;
import io.github.usersync.core.sync.SyncPolicy;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 5 of a run, apply: makes every change the guard let through, in dependency order (groups,
 * users, memberships, managers, photos, cleanup last), one type at a time, in parallel within a
 * type when {@code applyConcurrency} allows. One failed change fails alone unless {@code
 * failFast}; a change the host refuses for good is skipped and remembered, and so are the changes
 * of the same user that depended on it. Internal.
 */
public final class Applier {
  private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
  private static final String STOPPED = "not applied: an earlier change failed and failFast is on";
  // Membership changes per call of applyMemberships: bounds what one call (one SCIM PATCH before
  // the target's own limits) holds, and keeps progress reports moving.
  private static final int MEMBERSHIP_CHUNK = 500;

  // Photos read in bulk per concurrent read before a window of photo changes is applied.
  private static final int PHOTO_WINDOW = 20;

  private final RunSetup setup;
  private final ProvisioningTarget target;
  private final SyncPolicy policy;
  private final Map<String, String> createdKeys = new ConcurrentHashMap<>();
  private final Set<String> refusedCreates = ConcurrentHashMap.newKeySet();
  // Changes skipped because an earlier change of their user was refused (rare; one outcome object
  // per change is all a first sync of a million changes should allocate).
  private final Set<Change> afterRefusal = ConcurrentHashMap.newKeySet();
  // The photos of the window of photo changes being applied, read in bulk; taken once each.
  private final Map<String, Optional<Photo>> prefetchedPhotos = new ConcurrentHashMap<>();

  /** The apply step of one run. */
  public Applier(RunSetup setup) {
    this.setup = setup;
    this.target = setup.target;
    this.policy = setup.policy;
  }

  /** Applies every NOT_APPLIED change in order; returns every outcome. */
  public Outcomes apply(Outcomes planned) {
    setup.listener.phase(SyncPhase.APPLY);
    Outcomes result = planned.copy();
    long total = 0;
    for (int k = 0; k < result.size(); k++) {
      if (result.status(k) == ChangeOutcome.Status.NOT_APPLIED) {
        total++;
      }
    }
    AtomicLong done = new AtomicLong();
    boolean stopped = false;
    int i = 0;
    while (i < result.size()) {
      ChangeType type = result.change(i).type();
      int j = i;
      while (j < result.size() && result.change(j).type() == type) {
        j++;
      }
      if (stopped) {
        for (int k = i; k < j; k++) {
          if (result.status(k) == ChangeOutcome.Status.NOT_APPLIED) {
            result.set(k, ChangeOutcome.Status.NOT_APPLIED, STOPPED);
          }
        }
      } else if (type == ChangeType.ADD_MEMBERSHIP || type == ChangeType.REMOVE_MEMBERSHIP) {
        stopped = applyMemberships(result, i, j, done, total);
      } else if (type == ChangeType.SET_PHOTO) {
        stopped = applyPhotos(result, i, j, done, total);
      } else {
        stopped = applyBatch(result, i, j, done, total);
      }
      i = j;
    }
    return result;
  }

  /**
   * Applies photo changes {@code from}..{@code to} a window at a time, each window's photos read
   * in bulk first ({@code IdpDirectory.photos}: Graph answers 20 in one request) with the read
   * concurrency; a photo the bulk read left out, or all of a window whose bulk read failed, is read
   * alone when its change is applied, so a failure stays with its user. A window holds {@link
   * #PHOTO_WINDOW} photos per concurrent read, which bounds the bytes held.
   */
  private boolean applyPhotos(Outcomes result, int from, int to, AtomicLong done, long total) {
    int window = PHOTO_WINDOW * setup.readConcurrency;
    ParallelReads reads = new ParallelReads(setup.executor, setup.readConcurrency);
    for (int start = from; start < to; start += window) {
      int end = Math.min(to, start + window);
      List<String> ids = new ArrayList<>();
      for (int k = start; k < end; k++) {
        Change c = result.change(k);
        if (result.status(k) == ChangeOutcome.Status.NOT_APPLIED && c.value().isPresent()) {
          c.externalId().ifPresent(ids::add);
        }
      }
      try {
        prefetchedPhotos.putAll(reads.shares(ids, setup.directory::photos));
      } catch (UsersyncException e) {
        LOG.debug("reading {} photos at once failed; each is read alone: {}", ids.size(), e.getMessage());
      }
      boolean stop = applyBatch(result, start, end, done, total);
      prefetchedPhotos.clear();
      if (stop) {
        for (int k = end; k < to; k++) {
          if (result.status(k) == ChangeOutcome.Status.NOT_APPLIED) {
            result.set(k, ChangeOutcome.Status.NOT_APPLIED, STOPPED);
          }
        }
        return true;
      }
    }
    return false;
  }

  /** Applies changes {@code from}..{@code to} (one type); returns whether fail-fast stopped the run. */
  private boolean applyBatch(Outcomes result, int from, int to, AtomicLong done, long total) {
    int workers = policy.applyConcurrency();
    if (workers <= 1 || to - from < 2 || policy.failFast()) {
      boolean stop = false;
      for (int k = from; k < to; k++) {
        if (result.status(k) != ChangeOutcome.Status.NOT_APPLIED) {
          continue;
        }
        if (stop) {
          result.set(k, ChangeOutcome.Status.NOT_APPLIED, STOPPED);
          continue;
        }
        ChangeOutcome r = applyOne(result.change(k));
        record(result, k, r);
        setup.listener.changeApplied(r, done.incrementAndGet(), total);
        stop = policy.failFast() && r.status() == ChangeOutcome.Status.FAILED;
      }
      return stop;
    }
    CompletionService<ChangeOutcome> cs = new ExecutorCompletionService<>(setup.executor);
    int next = from;
    int running = 0;
    Map<Change, Integer> index = new IdentityHashMap<>();
    while (next < to || running > 0) {
      while (running < workers && next < to) {
        int k = next++;
        if (result.status(k) != ChangeOutcome.Status.NOT_APPLIED) {
          continue;
        }
        Change c = result.change(k);
        index.put(c, k);
        cs.submit(() -> applyOne(c));
        running++;
      }
      if (running == 0) {
        break;
      }
      ChangeOutcome r = completed(next(cs));
      running--;
      Integer k = index.remove(r.change());
      if (k != null) {
        record(result, k, r);
      }
      setup.listener.changeApplied(r, done.incrementAndGet(), total);
    }
    return false;
  }

  /**
   * Applies membership changes {@code from}..{@code to} (one type) group by group through {@link
   * ProvisioningTarget#applyMemberships}, in chunks: one group's chunk is one call (one request on a
   * target that batches), chunks run in parallel when {@code applyConcurrency} allows. Returns
   * whether fail-fast stopped the run (after the chunk with the first failure).
   */
  private boolean applyMemberships(Outcomes result, int from, int to, AtomicLong done, long total) {
    boolean add = result.change(from).type() == ChangeType.ADD_MEMBERSHIP;
    // Indices by group, in plan order, as int arrays (a first sync has millions of them).
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (int k = from; k < to; k++) {
      if (result.status(k) == ChangeOutcome.Status.NOT_APPLIED) {
        counts.computeIfAbsent(result.change(k).group().orElse(""), g -> new int[1])[0]++;
      }
    }
    Map<String, int[]> byGroup = new LinkedHashMap<>();
    counts.forEach((g, n) -> byGroup.put(g, new int[n[0]]));
    counts.values().forEach(n -> n[0] = 0);
    for (int k = from; k < to; k++) {
      if (result.status(k) == ChangeOutcome.Status.NOT_APPLIED) {
        String g = result.change(k).group().orElse("");
        int[] idx = java.util.Objects.requireNonNull(byGroup.get(g));
        idx[java.util.Objects.requireNonNull(counts.get(g))[0]++] = k;
      }
    }
    int workers = policy.failFast() ? 1 : Math.max(1, policy.applyConcurrency());
    List<Chunk> chunks = new ArrayList<>();
    for (Map.Entry<String, int[]> e : byGroup.entrySet()) {
      int[] idx = e.getValue();
      int size = Math.max(1, Math.min(MEMBERSHIP_CHUNK, (idx.length + workers - 1) / workers));
      for (int off = 0; off < idx.length; off += size) {
        chunks.add(new Chunk(e.getKey(), idx, off, Math.min(size, idx.length - off)));
      }
    }
    if (workers <= 1 || chunks.size() < 2) {
      for (int n = 0; n < chunks.size(); n++) {
        Chunk c = chunks.get(n);
        ChangeOutcome[] out = applyChunk(result, c, add);
        boolean failed = recordChunk(result, c, out, done, total);
        if (failed && policy.failFast()) {
          for (int m = n + 1; m < chunks.size(); m++) {
            Chunk rest = chunks.get(m);
            for (int i = 0; i < rest.length; i++) {
              result.set(rest.idx[rest.offset + i], ChangeOutcome.Status.NOT_APPLIED, STOPPED);
            }
          }
          return true;
        }
      }
      return false;
    }
    CompletionService<ChangeOutcome[]> cs = new ExecutorCompletionService<>(setup.executor);
    Map<java.util.concurrent.Future<ChangeOutcome[]>, Chunk> submitted = new IdentityHashMap<>();
    int next = 0;
    while (next < chunks.size() || !submitted.isEmpty()) {
      while (submitted.size() < workers && next < chunks.size()) {
        Chunk c = chunks.get(next++);
        submitted.put(cs.submit(() -> applyChunk(result, c, add)), c);
      }
      java.util.concurrent.Future<ChangeOutcome[]> f = next(cs);
      Chunk c = submitted.remove(f);
      recordChunk(result, java.util.Objects.requireNonNull(c, "chunk"), completed(f), done, total);
    }
    return false;
  }

  /** The next apply task to complete. */
  private static <T> java.util.concurrent.Future<T> next(CompletionService<T> cs) {
    try {
      return cs.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UsersyncException("interrupted while applying changes", e);
    }
  }

  /** The result of a completed apply task (a task fails only by a bug: changes catch their own failures). */
  private static <T> T completed(java.util.concurrent.Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UsersyncException("interrupted while applying changes", e);
    } catch (ExecutionException e) {
      throw new UsersyncException("an apply worker failed: " + e.getCause(), e.getCause());
    }
  }

  /** One call of {@link ProvisioningTarget#applyMemberships}: part of one group's changes. */
  private static final class Chunk {
    final String group;
    final int[] idx;
    final int offset;
    final int length;

    Chunk(String group, int[] idx, int offset, int length) {
      this.group = group;
      this.idx = idx;
      this.offset = offset;
      this.length = length;
    }
  }

  /** Applies one chunk; the outcomes are in the chunk's order. */
  private ChangeOutcome[] applyChunk(Outcomes result, Chunk chunk, boolean add) {
    ChangeOutcome[] out = new ChangeOutcome[chunk.length];
    List<String> keys = new ArrayList<>(chunk.length);
    int[] asked = new int[chunk.length];
    for (int i = 0; i < chunk.length; i++) {
      Change c = result.change(chunk.idx[chunk.offset + i]);
      try {
        keys.add(key(c));
        asked[keys.size() - 1] = i;
      } catch (RuntimeException e) {
        out[i] = outcomeOf(c, e);
      }
    }
    if (keys.isEmpty()) {
      return out;
    }
    Map<String, ProvisioningException> failed;
    try {
      failed = add ? target.applyMemberships(chunk.group, keys, List.of())
          : target.applyMemberships(chunk.group, List.of(), keys);
    } catch (RuntimeException e) {
      for (int n = 0; n < keys.size(); n++) {
        int i = asked[n];
        out[i] = outcomeOf(result.change(chunk.idx[chunk.offset + i]), e);
      }
      return out;
    }
    for (int n = 0; n < keys.size(); n++) {
      int i = asked[n];
      Change c = result.change(chunk.idx[chunk.offset + i]);
      ProvisioningException e = failed.get(keys.get(n));
      out[i] = e == null ? ChangeOutcome.of(c, ChangeOutcome.Status.APPLIED, null) : outcomeOf(c, e);
    }
    return out;
  }

  /** Records a chunk's outcomes; returns whether one of them failed. */
  private boolean recordChunk(Outcomes result, Chunk chunk, ChangeOutcome[] out, AtomicLong done, long total) {
    boolean failed = false;
    for (int i = 0; i < chunk.length; i++) {
      record(result, chunk.idx[chunk.offset + i], out[i]);
      setup.listener.changeApplied(out[i], done.incrementAndGet(), total);
      failed |= out[i].status() == ChangeOutcome.Status.FAILED;
    }
    return failed;
  }

  private void record(Outcomes result, int k, ChangeOutcome r) {
    Outcomes.Cause cause = Outcomes.Cause.NONE;
    if (r.status() == ChangeOutcome.Status.SKIPPED) {
      cause = afterRefusal.contains(r.change()) ? Outcomes.Cause.AFTER_REFUSAL : Outcomes.Cause.REFUSED;
    }
    result.set(k, r.status(), cause, r.message().orElse(null));
    result.tried(k, r.errorCode().orElse(null), setup.clock.millis());
  }

  private ChangeOutcome applyOne(Change c) {
    try {
      switch (c.type()) {
        case CREATE_GROUP:
          target.createGroup(c.subject());
          break;
        case RENAME_GROUP:
          target.renameGroup(c.subject(), c.value().orElseThrow(() -> new IllegalStateException("no new name")));
          break;
        case CREATE_USER:
          HostUser created = target.createUser(c.newUser().orElseThrow(() -> new IllegalStateException("no user")));
          createdKeys.put(c.externalId().orElse(created.key()), created.key());
          break;
        case UPDATE_USER:
          target.updateUser(key(c), c.update().orElseThrow(() -> new IllegalStateException("no update")));
          break;
        case REACTIVATE_USER:
          target.reactivateUser(key(c));
          break;
        case DEACTIVATE_USER:
          target.deactivateUser(key(c));
          break;
        case ANONYMIZE_USER:
          String k = key(c);
          HostUserUpdate anonymous = c.update().orElseThrow(() -> new IllegalStateException("no update"));
          if (!anonymous.isEmpty()) {
            target.updateUser(k, anonymous);
          }
          target.deactivateUser(k);
          break;
        case DELETE_USER:
          target.deleteUser(key(c));
          break;
        case ADD_MEMBERSHIP:
          target.addMembership(key(c), c.group().orElse(""));
          break;
        case REMOVE_MEMBERSHIP:
          target.removeMembership(key(c), c.group().orElse(""));
          break;
        case SET_MANAGER:
          Optional<String> managerKey = c.value().map(this::keyOf);
          target.setManager(key(c), managerKey);
          break;
        case SET_PHOTO:
          if (!c.value().isPresent()) {
            target.removePhoto(key(c));
            break;
          }
          String id = c.externalId().orElse("");
          Optional<Photo> read = prefetchedPhotos.remove(id);
          Optional<Photo> photo = read != null ? read : setup.directory.photo(id);
          if (!photo.isPresent()) {
            return failed(c, "the IdP no longer has a photo for " + c.subject(), "NO_PHOTO");
          }
          target.setPhoto(key(c), photo.get());
          break;
        case DELETE_GROUP:
          if (target.groupMembers(c.subject()).findAny().isPresent()) {
            return ChangeOutcome.of(c, ChangeOutcome.Status.NOT_APPLIED, "kept: the group still has members");
          }
          target.deleteGroup(c.subject());
          break;
        default:
          return failed(c, "not a host change", "ERROR");
      }
      return ChangeOutcome.of(c, ChangeOutcome.Status.APPLIED, null);
    } catch (RuntimeException e) {
      return outcomeOf(c, e);
    }
  }

  /** The outcome of a change whose apply threw {@code failure}. */
  private ChangeOutcome outcomeOf(Change c, RuntimeException failure) {
    if (failure instanceof AfterRefusal) {
      afterRefusal.add(c);
      return ChangeOutcome.of(c, ChangeOutcome.Status.SKIPPED,
          "not applied: the host refused to create " + c.subject() + " (see that change)", "AFTER_REFUSAL", null);
    }
    if (failure instanceof ProvisioningException) {
      ProvisioningException e = (ProvisioningException) failure;
      if (!e.permanent()) {
        return failed(c, e.getMessage(), code(e, "HOST_ERROR"));
      }
      if (c.type() == ChangeType.CREATE_USER) {
        c.externalId().ifPresent(refusedCreates::add);
      }
      return ChangeOutcome.of(c, ChangeOutcome.Status.SKIPPED, e.getMessage()
          + "; usersync does not try again until " + c.subject() + "'s data in the IdP changes",
          code(e, "HOST_REFUSED"), null);
    }
    if (failure instanceof UsersyncException) {
      return failed(c, failure.getMessage(),
          code(failure, failure instanceof RemoteCallException ? "CONNECTION_FAILED" : "ERROR"));
    }
    LOG.warn("{} failed unexpectedly", c, failure);
    return failed(c, "unexpected failure: " + failure, "UNEXPECTED");
  }

  private static ChangeOutcome failed(Change c, @Nullable String message, String errorCode) {
    return ChangeOutcome.of(c, ChangeOutcome.Status.FAILED, message, errorCode, null);
  }

  /** The provider's error code, or HTTP_status, of the API error behind {@code e}; else {@code fallback}. */
  private static String code(Throwable e, String fallback) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApiException) {
        ApiException api = (ApiException) t;
        return api.errorCode().orElse("HTTP_" + api.status());
      }
    }
    return fallback;
  }

  /** A change of a user whose creation the host refused for good. */
  private static final class AfterRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AfterRefusal() {
      super(null, null, false, false);
    }
  }

  private String key(Change c) {
    if (c.hostKey().isPresent()) {
      return c.hostKey().get();
    }
    String id = c.externalId().orElse(null);
    String k = id == null ? null : createdKeys.get(id);
    if (k == null) {
      if (id != null && refusedCreates.contains(id)) {
        throw new AfterRefusal();
      }
      throw new ProvisioningException(c.type().name().toLowerCase(Locale.ROOT).replace('_', ' '),
          c.subject(), "the user was not created earlier in this run", null);
    }
    return k;
  }

  private String keyOf(String externalId) {
    String k = createdKeys.get(externalId);
    if (k != null) {
      return k;
    }
    return target.userByExternalId(externalId).map(HostUser::key)
        .orElseThrow(() -> new ProvisioningException("set manager", externalId,
            "the manager is not in the host", null));
  }
}
