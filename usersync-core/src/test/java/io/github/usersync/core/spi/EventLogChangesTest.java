package io.github.usersync.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.MembershipChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventLogChangesTest {
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private static final Duration OVERLAP = Duration.ofMinutes(5);

  private static DirectoryUser user(String id, boolean active) {
    return DirectoryUser.builder().id(id).username(id).active(active).build();
  }

  @Test
  void appliesEventsInLogOrderSkipsDuplicatesAndEventsOlderThanTheWindowAndReReadsUsers() {
    EventLogChanges log = EventLogChanges.after(EventLogChanges.cursorAt("x", T0, T0), "x", OVERLAP);
    assertThat(log.readFrom()).isEqualTo(T0.minus(OVERLAP));
    // Newest first, as Google answers: the removal at 10:02 comes after the add at 10:01.
    log.event("e3", T0.plusSeconds(120)).membership("g1", GroupMember.user("u1"), false);
    log.event("e2", T0.plusSeconds(60)).membership("g1", GroupMember.user("u1"), true).userChanged("u1");
    log.event("e2", T0.plusSeconds(60)).userRemoved("u1"); // a duplicate: ignored
    log.event("e0", T0.minus(Duration.ofMinutes(6))).userRemoved("u9"); // older than the window
    log.event("e4", T0.plusSeconds(10)).userChanged("gone").groupChanged("g1").groupRemoved("g2");
    log.event("e5", T0.plusSeconds(20)).userRemoved("u2");
    List<String> reads = new ArrayList<>();

    DirectoryChanges changes = log.resolve(id -> {
      reads.add(id);
      return id.equals("gone") ? Optional.empty() : Optional.of(user(id, false));
    }, id -> Optional.of(DirectoryGroup.of(id, "G " + id)), T0.plusSeconds(180), T0.plusSeconds(181));

    assertThat(reads).containsExactly("gone", "u1");
    assertThat(changes.changedUsers()).extracting(DirectoryUser::id).containsExactly("u1");
    assertThat(changes.changedUsers().get(0).active()).isFalse();
    assertThat(changes.removedUserIds()).containsExactly("gone", "u2");
    assertThat(changes.membershipChanges()).containsExactly(MembershipChange.of("g1", GroupMember.user("u1"), false));
    assertThat(changes.changedGroups()).extracting(DirectoryGroup::id).containsExactly("g1");
    assertThat(changes.removedGroupIds()).containsExactly("g2");
    assertThat(changes.membershipsTracked()).isTrue();
    assertThat(log.eventsRead()).isEqualTo(5);

    // The next read starts an overlap before the new position and skips what was read.
    EventLogChanges next = EventLogChanges.after(changes.nextCursor(), "x", OVERLAP);
    assertThat(next.since()).isEqualTo(T0.plusSeconds(180));
    assertThat(next.event("e3", T0.plusSeconds(120)).applies()).isFalse();
    assertThat(next.event("e6", T0.plusSeconds(100)).applies()).as("a late event inside the window").isTrue();
  }

  @Test
  void aPlainInstantIsAcceptedAndGarbageOrAnotherProvidersCursorExpires() {
    assertThat(EventLogChanges.after(ChangeCursor.of("x", "2026-12-03T10:00:00Z", T0), "x", OVERLAP).since())
        .isEqualTo(T0);
    assertThatThrownBy(() -> EventLogChanges.after(ChangeCursor.of("x", "{nope", T0), "x", OVERLAP))
        .isInstanceOf(ChangeCursorExpiredException.class).hasMessageContaining("run a full sync");
    assertThatThrownBy(() -> EventLogChanges.after(ChangeCursor.of("y", T0.toString(), T0), "x", OVERLAP))
        .isInstanceOf(ChangeCursorExpiredException.class);
  }

  @Test
  void aCursorOlderThanTheRetentionExpires() {
    EventLogChanges log = EventLogChanges.after(EventLogChanges.cursorAt("x", T0, T0), "x", OVERLAP);
    log.requireRetained(Duration.ofDays(90), T0.plus(Duration.ofDays(89)), "90 days");
    assertThatThrownBy(() -> log.requireRetained(Duration.ofDays(90), T0.plus(Duration.ofDays(91)), "90 days"))
        .isInstanceOf(ChangeCursorExpiredException.class).hasMessageContaining("90 days").hasMessageContaining("full sync");
  }

  @Test
  void theNextCursorNeverMovesBackAndNoEventsKeepsThePosition() {
    EventLogChanges log = EventLogChanges.after(EventLogChanges.cursorAt("x", T0, T0), "x", OVERLAP);
    DirectoryChanges none = log.resolve(id -> Optional.empty(), null, T0.minusSeconds(30), T0);
    assertThat(EventLogChanges.after(none.nextCursor(), "x", OVERLAP).since()).isEqualTo(T0);
    assertThat(none.changedUsers()).isEmpty();
    assertThat(none.removedUserIds()).isEmpty();
  }
}
