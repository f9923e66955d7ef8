package io.github.usersync.core.sync;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;

/** Builds small directories for engine tests. */
final class Fixture {
  private Fixture() {}

  static DirectoryUser user(String id, String username, boolean active, String department) {
    ObjectNode raw = JsonNodeFactory.instance.objectNode();
    raw.put("id", id);
    raw.put("department", department);
    return DirectoryUser.builder().id(id).username(username).email(username + "@example.com")
        .displayName("User " + username).active(active).raw(raw).build();
  }

  static DirectoryUser user(String id, String username) {
    return user(id, username, true, "R&D");
  }

  /** u1..un in group g-eng "Engineering"; g-plat "Platform" nested in Engineering holds u1. */
  static InMemoryDirectory directory(int n) {
    InMemoryDirectory d = InMemoryDirectory.create(10, java.time.Clock.systemUTC());
    for (int i = 1; i <= n; i++) {
      d.putUser(user("u" + i, "user" + i));
    }
    d.putGroup(DirectoryGroup.of("g-eng", "Engineering"));
    d.putGroup(DirectoryGroup.of("g-plat", "Platform"));
    d.addMember("g-eng", GroupMember.group("g-plat"));
    for (int i = 2; i <= n; i++) {
      d.addMember("g-eng", GroupMember.user("u" + i));
    }
    d.addMember("g-plat", GroupMember.user("u1"));
    return d;
  }

  static UserSync.Builder sync(InMemoryDirectory d, InMemoryTarget t) {
    return UserSync.builder(d, t).mapper(new TestMapper()).name("test-" + System.nanoTime());
  }
}
