package io.github.usersync.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The in-memory target's compact member set agrees with a hash set through adds and removes. */
class MemberSetTest {
  @Test
  void agreesWithAHashSetThroughRandomAddsAndRemoves() {
    Random random = new Random(42);
    MemberSet compact = new MemberSet();
    Set<String> expected = new HashSet<>();
    for (int step = 0; step < 200_000; step++) {
      String key = "k" + random.nextInt(5_000);
      if (random.nextInt(3) == 0) {
        assertThat(compact.remove(key)).isEqualTo(expected.remove(key));
      } else {
        assertThat(compact.add(key)).isEqualTo(expected.add(key));
      }
      if (step % 10_000 == 0) {
        assertThat(compact.toList()).containsExactlyInAnyOrderElementsOf(expected);
      }
    }
    assertThat(compact.size()).isEqualTo(expected.size());
    assertThat(compact.toList()).containsExactlyInAnyOrderElementsOf(expected);
    for (int i = 0; i < 5_000; i++) {
      assertThat(compact.contains("k" + i)).isEqualTo(expected.contains("k" + i));
    }
  }
}
