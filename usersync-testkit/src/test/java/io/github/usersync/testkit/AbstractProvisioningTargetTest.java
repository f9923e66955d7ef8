package io.github.usersync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.ProvisioningException;
import io.github.usersync.core.model.HostGroup;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.model.TargetCapabilities;
import io.github.usersync.core.spi.AbstractProvisioningTarget;
import io.github.usersync.core.spi.ProvisioningTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The base target passes the contract with any capabilities, and writes only what changed. */
class AbstractProvisioningTargetTest extends ProvisioningTargetContract {
  @Override
  protected ProvisioningTarget createTarget() {
    return new MapTarget(TargetCapabilities.builder().keepsManagers(true).build());
  }

  /** Confluence-like: six attributes, no rename, no delete. */
  @Nested
  class WithFewCapabilities extends ProvisioningTargetContract {
    @Override
    protected ProvisioningTarget createTarget() {
      return new MapTarget(TargetCapabilities.builder()
          .allowedAttributes(Set.of("phone", "im", "website", "position", "department", "location"))
          .canDeleteUsers(false)
          .canRenameUsers(false)
          .build());
    }
  }

  @Test
  void writesOnlyWhatChanged() {
    MapTarget t = new MapTarget(TargetCapabilities.builder().keepsManagers(true).build());
    HostUser u = t.createUser(NewHostUser.builder().username("ann").externalId("x1").build());

    t.updateUser(u.key(), HostUserUpdate.builder().username("ann").build());
    t.reactivateUser(u.key());
    t.setManager(u.key(), Optional.empty());
    t.deleteUser("no-such-key");

    assertThat(t.writes).containsExactly("insert ann");
  }

  @Test
  void refusesRenamesAndDeletesTheHostCannotDoAndLinksTakenElsewhere() {
    MapTarget t = new MapTarget(
        TargetCapabilities.builder().canRenameUsers(false).canDeleteUsers(false).build());
    HostUser ann = t.createUser(NewHostUser.builder().username("ann").externalId("x1").build());
    t.createUser(NewHostUser.builder().username("bob").externalId("x2").build());

    assertThatThrownBy(() -> t.updateUser(ann.key(), HostUserUpdate.builder().username("anne").build()))
        .isInstanceOf(ProvisioningException.class).hasMessageContaining("cannot change usernames");
    assertThatThrownBy(() -> t.deleteUser(ann.key()))
        .isInstanceOf(ProvisioningException.class).hasMessageContaining("does not delete users");
    assertThatThrownBy(() -> t.updateUser(ann.key(), HostUserUpdate.builder().externalId("x2").build()))
        .isInstanceOf(ProvisioningException.class).hasMessageContaining("already linked to the account 'bob'");
    assertThatThrownBy(() -> t.createUser(NewHostUser.builder().username("carl").externalId("x1").build()))
        .isInstanceOf(ProvisioningException.class).hasMessageContaining("already linked to the account 'ann'");
    assertThatThrownBy(() -> t.setManager(ann.key(), Optional.empty()))
        .isInstanceOf(ProvisioningException.class).hasMessageContaining("does not keep managers");
    assertThatThrownBy(() -> t.deactivateUser("gone"))
        .isInstanceOf(ProvisioningException.class).hasMessageContaining("deactivate user 'gone'");
  }

  /** The least a host writes: rows in a map, groups as sets of keys. */
  static final class MapTarget extends AbstractProvisioningTarget {
    final List<String> writes = new ArrayList<>();
    private final Map<String, HostUser> rows = new LinkedHashMap<>();
    private final Map<String, Set<String>> groups = new LinkedHashMap<>();
    private final TargetCapabilities capabilities;
    private int nextKey;

    MapTarget(TargetCapabilities capabilities) {
      this.capabilities = capabilities;
    }

    @Override
    public String name() {
      return "map";
    }

    @Override
    public TargetCapabilities capabilities() {
      return capabilities;
    }

    @Override
    public Stream<HostUser> users() {
      return new ArrayList<>(rows.values()).stream();
    }

    @Override
    public Stream<HostGroup> groups() {
      return new ArrayList<>(groups.keySet()).stream().map(HostGroup::of);
    }

    @Override
    public Stream<String> groupMembers(String groupName) {
      return new ArrayList<>(groups.getOrDefault(groupName, Set.of())).stream();
    }

    @Override
    protected HostUser insertUser(NewHostUser user) {
      HostUser row = HostUser.builder().key("k" + ++nextKey).username(user.username())
          .email(user.email()).displayName(user.displayName()).active(user.active())
          .attributes(user.attributes()).externalId(user.externalId()).build();
      rows.put(row.key(), row);
      writes.add("insert " + user.username());
      return row;
    }

    @Override
    protected void saveUser(HostUser user) {
      rows.put(user.key(), user);
      writes.add("save " + user.username());
    }

    @Override
    protected void removeUser(String key) {
      rows.remove(key);
      groups.values().forEach(m -> m.remove(key));
      writes.add("remove " + key);
    }

    @Override
    public void createGroup(String name) {
      groups.putIfAbsent(name, new LinkedHashSet<>());
    }

    @Override
    public void addMembership(String userKey, String groupName) {
      existing("add membership", userKey);
      groups.computeIfAbsent(groupName, g -> new LinkedHashSet<>()).add(userKey);
    }

    @Override
    public void removeMembership(String userKey, String groupName) {
      groups.getOrDefault(groupName, new LinkedHashSet<>()).remove(userKey);
    }
  }
}
