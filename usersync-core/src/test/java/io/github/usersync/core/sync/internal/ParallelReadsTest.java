package io.github.usersync.core.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How bulk reads are split into shares. */
class ParallelReadsTest {
  private final ExecutorService executor = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private List<Integer> shareSizes(int ids, int concurrency) {
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    List<String> all = IntStream.range(0, ids).mapToObj(i -> "u" + i).collect(Collectors.toList());
    Map<String, Integer> answered = new ParallelReads(executor, concurrency).shares(all, share -> {
      sizes.add(share.size());
      Map<String, Integer> out = new HashMap<>();
      share.forEach(id -> out.put(id, 1));
      return out;
    });
    assertThat(answered).as("every id answered once").hasSize(ids);
    return sizes;
  }

  @Test
  void sharesAreWholeBatchesOfTwentySoABatchingConnectorSendsNoPartialBatch() {
    // 200 ids over 7 reads: 5 shares of 40 (10 Graph batches), not 7 of 29 (14 batches).
    assertThat(shareSizes(200, 7)).hasSize(5).allMatch(s -> s == 40);
    // Every share but the last is a multiple of 20.
    List<Integer> sizes = shareSizes(1000, 3);
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);
    assertThat(sizes).allMatch(s -> s <= ParallelReads.SHARE);
    assertThat(sizes.stream().filter(s -> s % ParallelReads.MIN_SHARE != 0).count()).isLessThanOrEqualTo(1);
  }

  @Test
  void aFewIdsGoInOneShare() {
    assertThat(shareSizes(15, 8)).containsExactly(15);
  }
}
