package io.github.usersync.core.mapping;

import static io.github.usersync.core.mapping.MappingTests.group;
import static io.github.usersync.core.mapping.MappingTests.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.MappingException;
import io.github.usersync.core.model.DirectoryGroup;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class GroupRulesTest {
  private static final GroupRules RULES =
      GroupRules.builder()
          .include("eng-.*", "ops-.*", "Finance", "Admin")
          .drop(".*-test", "ops-legacy")
          .rename(Map.of("Finance", "finance-team", "eng-core", "core"))
          .replace("^eng-", "")
          .replace("^ops-(.*)$", "operations-$1")
          .prefix("idp-")
          .build();

  static Stream<Arguments> names() {
    return Stream.of(
        Arguments.of(group("1", "eng-platform"), "idp-platform"),
        Arguments.of(group("2", "eng-core"), "core"),
        Arguments.of(group("3", "Finance"), "finance-team"),
        Arguments.of(group("4", "ops-db"), "idp-operations-db"),
        Arguments.of(group("5", "ops-legacy"), null),
        Arguments.of(group("6", "eng-x-test"), null),
        Arguments.of(group("7", "Sales"), null),
        Arguments.of(group("8", "xeng-platform"), null),
        Arguments.of(role("9", "Admin"), "idp-Admin"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void stepsApplyInTheDocumentedOrder(DirectoryGroup g, String expected) {
    assertThat(RULES.hostGroupName(g)).isEqualTo(Optional.ofNullable(expected));
  }

  @Test
  void rolesCanBeIncludedExcludedOrTheOnlyGroups() {
    DirectoryGroup plain = group("g", "Staff");
    DirectoryGroup role = role("r", "Admin");
    assertThat(GroupRules.defaults().hostGroupName(role)).contains("Admin");
    GroupRules exclude = GroupRules.builder().roles(GroupRules.Roles.EXCLUDE).build();
    assertThat(exclude.hostGroupName(role)).isEmpty();
    assertThat(exclude.hostGroupName(plain)).contains("Staff");
    GroupRules only = GroupRules.builder().roles(GroupRules.Roles.ONLY).build();
    assertThat(only.hostGroupName(role)).contains("Admin");
    assertThat(only.hostGroupName(plain)).isEmpty();
    assertThat(GroupRules.none().hostGroupName(plain)).isEmpty();
  }

  @Test
  void theCacheFollowsAGroupThatIsRenamedInTheIdp() {
    GroupRules rules = GroupRules.builder().prefix("p-").build();
    assertThat(rules.hostGroupName(group("same-id", "Before"))).contains("p-Before");
    assertThat(rules.hostGroupName(group("same-id", "Before"))).contains("p-Before");
    assertThat(rules.hostGroupName(group("same-id", "After"))).contains("p-After");
    assertThat(rules.hostGroupName(role("same-id", "After"))).contains("p-After");
  }

  @Test
  void requiredGroupsMatchNamesIgnoringCaseAndRegexesFully() {
    GroupMatcher m = GroupMatcher.of(List.of("Jira-Users", "regex:eng-.*"));
    assertThat(m.matches("jira-users")).isTrue();
    assertThat(m.matches("JIRA-USERS")).isTrue();
    assertThat(m.matches("jira-users-x")).isFalse();
    assertThat(m.matches("ENG-platform")).isFalse();
    assertThat(m.matches("eng-platform")).isTrue();
    assertThat(m.matches("xeng-platform")).isFalse();
    assertThat(m.names()).containsExactly("jira-users");
    assertThat(m.hasPatterns()).isTrue();
    assertThat(m.matchesAny(List.of(group("1", "a"), group("2", "eng-x")))).isTrue();
    assertThat(m.matchesAny(List.of())).isFalse();
    assertThatThrownBy(() -> GroupMatcher.of("policy.requiredGroups", List.of("ok", "regex:[x")))
        .isInstanceOf(MappingException.class)
        .hasMessage("policy.requiredGroups[1]: invalid regex '[x': Unclosed character class at 1");
    assertThat(GroupRules.defaults().isRequiredSatisfied(List.of())).isTrue();
  }

  @Test
  void explainSaysWhatHappenedToEachGroup() {
    assertThat(RULES.explain(group("1", "eng-platform")))
        .isEqualTo("→ idp-platform (replace[0] gave 'platform'; prefixed)");
    assertThat(RULES.explain(group("5", "ops-legacy")))
        .isEqualTo("left out (dropped by drop[1] 'ops-legacy')");
    assertThat(RULES.explain(group("7", "Sales"))).isEqualTo("left out (matches no include regex)");
    assertThat(RULES.explain(group("3", "Finance"))).isEqualTo("→ finance-team (renamed by the rename table)");
  }

  @Test
  void badRulesFailWhenBuilt() {
    assertThatThrownBy(() -> GroupRules.builder().rename("a", "").build())
        .hasMessage("mapping.groups.rename.a: renames to an empty name; to leave the group out, list it under drop");
    assertThatThrownBy(() -> GroupRules.builder().include("ok", "*bad").build())
        .hasMessage("mapping.groups.include[1]: invalid regex '*bad': Dangling meta character '*' at 0");
    assertThat(RULES.toBuilder().build().toString()).isEqualTo(RULES.toString());
  }
}
