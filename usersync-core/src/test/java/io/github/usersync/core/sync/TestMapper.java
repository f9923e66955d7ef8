package io.github.usersync.core.sync;

import io.github.usersync.core.MappingException;
import io.github.usersync.core.mapping.AttributeValue;
import io.github.usersync.core.mapping.MappedUser;
import io.github.usersync.core.mapping.MappingInput;
import io.github.usersync.core.mapping.MappingOutcome;
import io.github.usersync.core.mapping.UserMapper;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.TargetCapabilities;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A plain-Java mapper for engine tests: standard fields, {@code department} from the raw JSON,
 * groups by name (a group named {@code drop-*} is not synchronised), a user whose raw JSON has
 * {@code "skip": true} is skipped and one with {@code "broken": true} fails to map.
 */
class TestMapper implements UserMapper {
  @Override
  public MappingOutcome map(MappingInput input) {
    DirectoryUser u = input.user();
    if (u.raw().path("broken").asBoolean(false)) {
      throw new MappingException("mapping.attributes.department", "cannot map " + u.username() + " (test)");
    }
    if (u.raw().path("skip").asBoolean(false)) {
      return MappingOutcome.skipped("the test says skip");
    }
    MappedUser.Builder b = MappedUser.builder()
        .externalId(u.id())
        .username(u.username())
        .email(u.email().map(AttributeValue::set).orElse(AttributeValue.keep()))
        .displayName(u.displayName().map(AttributeValue::set).orElse(AttributeValue.keep()))
        .active(u.active())
        .managerId(u.managerId())
        .groups(input.groups().stream().map(this::hostGroupName).flatMap(Optional::stream).collect(Collectors.toSet()));
    String dept = u.raw().path("department").asText("");
    b.putAttributes("department", dept.isEmpty() ? AttributeValue.clear() : AttributeValue.set(dept));
    return MappingOutcome.mapped(b.build());
  }

  @Override
  public Optional<String> hostGroupName(DirectoryGroup group) {
    return group.name().startsWith("drop-") ? Optional.empty() : Optional.of(group.name());
  }

  @Override
  public Set<String> attributeNames() {
    return Set.of("department");
  }

  @Override
  public Set<String> sourcePaths() {
    return Set.of("department");
  }

  @Override
  public void validateFor(TargetCapabilities target) {
    if (!target.acceptsAttribute("department")) {
      throw new MappingException("mapping.attributes.department", "the target does not keep 'department'");
    }
  }
}
