package io.github.usersync.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.ProvisioningException;
import io.github.usersync.core.memory.InMemoryTarget;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Membership changes reach the target group by group through applyMemberships; a failed key fails its change alone. */
class MembershipBatchTest {
  /** A target that records each batch and refuses user5's memberships. */
  static final class Batching extends ForwardingTarget {
    final List<String> calls = new CopyOnWriteArrayList<>();

    Batching(InMemoryTarget d) {
      super(d);
    }

    @Override
    public Map<String, ProvisioningException> applyMemberships(String group, List<String> adds, List<String> removes) {
      calls.add(group + " +" + adds.size() + " -" + removes.size());
      Map<String, ProvisioningException> failed = new java.util.HashMap<>();
      for (String key : adds) {
        if (d.user(key).orElseThrow().username().equals("user5")) {
          failed.put(key, new ProvisioningException("add membership", "user5", "refused by the test host", null));
        } else {
          d.addMembership(key, group);
        }
      }
      removes.forEach(key -> d.removeMembership(key, group));
      return failed;
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void eachGroupsChangesGoInOneCallAndAFailedKeyFailsOnlyItsChange(int concurrency) {
    InMemoryTarget host = InMemoryTarget.create();
    Batching target = new Batching(host);
    SyncReport report = io.github.usersync.core.sync.UserSync.builder(Fixture.directory(20), target)
        .mapper(new TestMapper()).name("batch-" + concurrency)
        .policy(SyncPolicy.builder().applyConcurrency(concurrency).build())
        .build().runFull();

    List<ChangeOutcome> adds = report.outcomes().stream()
        .filter(o -> o.change().type() == ChangeType.ADD_MEMBERSHIP).collect(java.util.stream.Collectors.toList());
    assertThat(adds).isNotEmpty();
    // One call per group when one worker applies; with four, a group's changes are split in four.
    long groups = adds.stream().map(o -> o.change().group().orElseThrow()).distinct().count();
    assertThat(target.calls).hasSizeBetween((int) groups, (int) groups * concurrency);
    assertThat(adds).filteredOn(o -> o.change().subject().equals("user5"))
        .isNotEmpty()
        .allSatisfy(o -> {
          assertThat(o.status()).isEqualTo(ChangeOutcome.Status.FAILED);
          assertThat(o.message()).hasValueSatisfying(m -> assertThat(m).contains("refused by the test host"));
        });
    assertThat(adds).filteredOn(o -> !o.change().subject().equals("user5"))
        .allSatisfy(o -> assertThat(o.status()).isEqualTo(ChangeOutcome.Status.APPLIED));
    assertThat(host.membershipCount()).isEqualTo(adds.size() - adds.stream()
        .filter(o -> o.change().subject().equals("user5")).count());
  }

  @Test
  void theDefaultMakesOneCallPerChange() {
    InMemoryTarget host = InMemoryTarget.create();
    ForwardingTarget target = new ForwardingTarget(host);
    SyncReport report = io.github.usersync.core.sync.UserSync.builder(Fixture.directory(5), target)
        .mapper(new TestMapper()).name("default-batch").build().runFull();
    long adds = report.outcomes().stream().filter(o -> o.change().type() == ChangeType.ADD_MEMBERSHIP).count();
    assertThat(adds).isPositive();
    assertThat(host.membershipCount()).isEqualTo(adds);
  }
}
