package io.github.usersync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.ProvisioningException;
import io.github.usersync.core.model.HostGroup;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.model.Photo;
import io.github.usersync.core.model.TargetCapabilities;
import io.github.usersync.core.spi.ProvisioningTarget;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;

/**
 * The contract every {@link ProvisioningTarget} passes: create, update, rename, deactivate,
 * reactivate, delete, groups and memberships work and are idempotent, and reads agree with writes.
 * Extend it and implement {@link #createTarget()}; each test uses fresh usernames, so a target may
 * hold other users.
 */
public abstract class ProvisioningTargetContract {
  private @Nullable ProvisioningTarget target;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  /** A target to test. Called at most once per test. */
  protected abstract ProvisioningTarget createTarget();

  /** Attributes to set on a test user; must be ones the target accepts. */
  protected Map<String, String> sampleAttributes() {
    Optional<Set<String>> allowed = target().capabilities().allowedAttributes();
    if (allowed.isPresent() && !allowed.get().isEmpty()) {
      String name = allowed.get().iterator().next();
      return Map.of(name, "Research & Development");
    }
    return Map.of("department", "Research & Development", "costCenter", "CC-42");
  }

  /** The target under test. */
  protected final ProvisioningTarget target() {
    ProvisioningTarget t = target;
    if (t == null) {
      t = createTarget();
      target = t;
    }
    return t;
  }

  @AfterEach
  void closeTarget() {
    ProvisioningTarget t = target;
    if (t != null) {
      t.close();
      target = null;
    }
  }

  /** A username unique to this test run (lower case: Confluence requires it). */
  protected String username(String base) {
    return base + "-" + run;
  }

  private NewHostUser newUser(String base) {
    return NewHostUser.builder()
        .username(username(base))
        .email(username(base) + "@example.com")
        .displayName("Zoë " + base + " Łukasiewicz")
        .attributes(sampleAttributes())
        .externalId("idp-" + username(base))
        .build();
  }

  @Test
  void createdUsersCanBeFoundByKeyLinkUsernameAndEmail() {
    HostUser created = target().createUser(newUser("alice"));

    assertThat(created.username()).isEqualTo(username("alice"));
    assertThat(created.active()).isTrue();
    assertThat(created.externalId()).contains("idp-" + username("alice"));
    assertThat(target().user(created.key())).map(HostUser::username).contains(username("alice"));
    assertThat(target().userByExternalId("idp-" + username("alice"))).map(HostUser::key).contains(created.key());
    assertThat(target().userByUsername(username("alice").toUpperCase(java.util.Locale.ROOT)))
        .map(HostUser::key).contains(created.key());
    assertThat(target().usersByEmail(username("alice") + "@EXAMPLE.com").map(HostUser::key))
        .containsExactly(created.key());
    assertThat(target().users().map(HostUser::key)).contains(created.key());
    assertThat(new TreeMap<>(target().user(created.key()).orElseThrow().attributes()))
        .containsAllEntriesOf(sampleAttributes());
  }

  @Test
  void creatingTheSameLinkedUserAgainReturnsIt() {
    HostUser first = target().createUser(newUser("bob"));
    HostUser again = target().createUser(newUser("bob"));

    assertThat(again.key()).isEqualTo(first.key());
    assertThat(target().users().filter(u -> u.username().equals(username("bob"))).count()).isEqualTo(1);
  }

  @Test
  void aUsernameTakenByAnotherLinkIsRefused() {
    target().createUser(newUser("carol"));
    NewHostUser other = NewHostUser.builder().from(newUser("carol")).externalId("idp-someone-else-" + run).build();

    assertThatThrownBy(() -> target().createUser(other))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining(username("carol"));
  }

  @Test
  void updatesChangeOnlyWhatIsGivenAndAreIdempotent() {
    HostUser u = target().createUser(newUser("dave"));
    String attr = sampleAttributes().keySet().iterator().next();
    HostUserUpdate update = HostUserUpdate.builder()
        .displayName("Dave Renamed")
        .putSetAttributes(attr, "Ops")
        .build();

    HostUser once = target().updateUser(u.key(), update);
    HostUser twice = target().updateUser(u.key(), update);

    assertThat(twice.displayName()).contains("Dave Renamed");
    assertThat(twice.email()).isEqualTo(u.email());
    assertThat(twice.attributes()).containsEntry(attr, "Ops");
    assertThat(twice).isEqualTo(once);
    assertThat(target().user(u.key()).orElseThrow().displayName()).contains("Dave Renamed");
  }

  @Test
  void removingAnAttributeClearsIt() {
    HostUser u = target().createUser(newUser("erin"));
    String attr = sampleAttributes().keySet().iterator().next();

    target().updateUser(u.key(), HostUserUpdate.builder().addRemoveAttributes(attr).build());

    assertThat(target().user(u.key()).orElseThrow().attributes()).doesNotContainKey(attr);
  }

  @Test
  void aRenameKeepsTheKeyAndTheLink() {
    if (!target().capabilities().canRenameUsers()) {
      return;
    }
    HostUser u = target().createUser(newUser("frank"));

    HostUser renamed = target().updateUser(u.key(), HostUserUpdate.builder().username(username("franklin")).build());

    assertThat(renamed.key()).isEqualTo(u.key());
    assertThat(renamed.username()).isEqualTo(username("franklin"));
    assertThat(target().userByExternalId("idp-" + username("frank"))).map(HostUser::username).contains(username("franklin"));
    assertThat(target().userByUsername(username("frank"))).isEmpty();
  }

  @Test
  void deactivateAndReactivateAreIdempotent() {
    HostUser u = target().createUser(newUser("grace"));

    target().deactivateUser(u.key());
    target().deactivateUser(u.key());
    assertThat(target().user(u.key()).orElseThrow().active()).isFalse();

    target().reactivateUser(u.key());
    target().reactivateUser(u.key());
    assertThat(target().user(u.key()).orElseThrow().active()).isTrue();
  }

  @Test
  void deleteIsIdempotent() {
    if (!target().capabilities().canDeleteUsers()) {
      return;
    }
    HostUser u = target().createUser(newUser("heidi"));

    target().deleteUser(u.key());
    target().deleteUser(u.key());

    assertThat(target().user(u.key())).isEmpty();
    assertThat(target().userByUsername(username("heidi"))).isEmpty();
  }

  @Test
  void groupsAndMembershipsAreIdempotentAndReadsAgree() {
    String group = username("sync-team");
    HostUser u = target().createUser(newUser("ivan"));

    target().createGroup(group);
    target().createGroup(group);
    target().addMembership(u.key(), group);
    target().addMembership(u.key(), group);

    assertThat(target().groups().map(HostGroup::name)).contains(group);
    assertThat(target().groupMembers(group)).containsExactly(u.key());
    assertThat(target().groupsOfUser(u.key())).contains(group);

    target().removeMembership(u.key(), group);
    target().removeMembership(u.key(), group);

    assertThat(target().groupMembers(group)).isEmpty();
    assertThat(target().groupsOfUser(u.key())).doesNotContain(group);
  }

  @Test
  void attributesTheHostDoesNotKeepAreRefused() {
    TargetCapabilities caps = target().capabilities();
    if (!caps.allowedAttributes().isPresent()) {
      return;
    }
    HostUser u = target().createUser(newUser("judy"));

    assertThatThrownBy(() -> target().updateUser(u.key(),
            HostUserUpdate.builder().putSetAttributes("not-a-kept-attribute", "x").build()))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("not-a-kept-attribute");
  }

  @Test
  void managersAndPhotosAreIdempotentWhereKept() {
    TargetCapabilities caps = target().capabilities();
    HostUser u = target().createUser(newUser("ken"));
    HostUser boss = target().createUser(newUser("boss"));
    if (caps.keepsManagers()) {
      target().setManager(u.key(), Optional.of(boss.key()));
      target().setManager(u.key(), Optional.of(boss.key()));
      assertThat(target().user(u.key()).orElseThrow().managerKey()).contains(boss.key());
      target().setManager(u.key(), Optional.empty());
      assertThat(target().user(u.key()).orElseThrow().managerKey()).isEmpty();
    }
    if (caps.keepsPhotos()) {
      Photo photo = Photo.of("not really a jpeg".getBytes(StandardCharsets.UTF_8), "image/jpeg");
      target().setPhoto(u.key(), photo);
      target().setPhoto(u.key(), photo);
      assertThat(target().user(u.key()).orElseThrow().photoFingerprint()).contains(photo.fingerprint());
    }
  }

  @Test
  void usersAreListedOnce() {
    target().createUser(newUser("leo"));
    target().createUser(newUser("mia"));

    assertThat(target().users().map(HostUser::key).collect(Collectors.toList())).doesNotHaveDuplicates();
  }
}
