package io.github.usersync.core.mapping;

import static io.github.usersync.core.mapping.MappingTests.fixture;
import static io.github.usersync.core.mapping.MappingTests.group;
import static io.github.usersync.core.mapping.MappingTests.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplanationTest {
  private static final UserMapping MAPPING =
      UserMapping.builder()
          .username("userPrincipalName | guestUpnToEmail | lower")
          .lookup("departments", Map.of("D01", "Engineering"))
          .attribute("department", "department | lookup(departments) | whenEmpty(keep)")
          .attribute("phone", "mobilePhone ?? businessPhones[0]")
          .attribute("costCenter", "onPremisesExtensionAttributes.extensionAttribute2")
          .groups(GroupRules.builder().drop("All .*").prefix("idp-").required("regex:.*").build())
          .build();

  private static MappingInput adele() {
    return MappingInput.builder()
        .user(user(fixture("entra_user")))
        .addGroups(group("g1", "Sales"), group("g2", "All Staff"))
        .build();
  }

  @Test
  void everyRuleShowsItsInputsEachTransformAndTheResult() {
    Explanation e = MAPPING.explain(adele());
    Explanation.RuleTrace username = e.rules().get(0);
    assertThat(username.rule()).isEqualTo("mapping.username");
    assertThat(username.inputs()).extracting(Explanation.Step::toString)
        .containsExactly("userPrincipalName = \"AdeleV@contoso.com\"");
    assertThat(username.transforms()).extracting(Explanation.Step::toString)
        .containsExactly("guestUpnToEmail = \"AdeleV@contoso.com\"", "lower = \"adelev@contoso.com\"");
    assertThat(username.result()).isEqualTo("set \"adelev@contoso.com\"");

    Explanation.RuleTrace phone = e.rules().get(5);
    assertThat(phone.rule()).isEqualTo("mapping.attributes.phone");
    assertThat(phone.inputs()).extracting(Explanation.Step::toString)
        .containsExactly("mobilePhone = (nothing)", "businessPhones[0] = \"+1 425 555 0109\"");
    Explanation.RuleTrace costCenter = e.rules().get(6);
    assertThat(costCenter.result()).isEqualTo("clear (yielded nothing; by default)");
    assertThat(e.rules().get(3).result()).isEqualTo("true");
    assertThat(e.groups()).extracting(Explanation.GroupTrace::idpName, g -> g.hostName().orElse("-"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Sales", "idp-Sales"),
            org.assertj.core.groups.Tuple.tuple("All Staff", "-"));
    assertThat(e.requiredGroups()).contains("passed (one of: regex:.*)");
    assertThat(e.outcome().flatMap(MappingOutcome::user)).isEqualTo(MAPPING.map(adele()).user());
    assertThat(e.error()).isEmpty();

    String text = e.toText();
    assertThat(text)
        .contains("user u-1 (jane)")
        .contains("mapping.attributes.department: set \"Engineering\"\n"
            + "  rule  department | lookup(departments) | whenEmpty(keep)\n"
            + "  read  department = \"D01\"\n"
            + "  then  lookup(departments) → \"Engineering\"\n")
        .contains("  All Staff left out (dropped by drop[0] 'All .*')")
        .contains("outcome: mapped\n  externalId  u-1\n  username    adelev@contoso.com");
  }

  @Test
  void aFailingRuleIsShownAndTheOtherRulesStillAre() {
    UserMapping m =
        UserMapping.builder()
            .active("jobTitle")
            .attribute("ext", "onPremisesExtensionAttributes")
            .attribute("title", "jobTitle | trim")
            .build();
    Explanation e = m.explain(adele());
    assertThat(e.rules().get(3).error()).get().asString().contains("is not a boolean");
    assertThat(e.rules().get(4).result()).isEqualTo("error");
    assertThat(e.rules().get(5).result()).isEqualTo("set \"Retail Manager\"");
    assertThat(e.error()).get().extracting(Throwable::getMessage).asString().startsWith("mapping.active:");
    assertThat(e.outcome()).isEmpty();
    assertThat(e.toText()).contains("outcome: error: mapping.active:");
  }

  @Test
  void aSkippedUserIsShownWithTheReason() {
    UserMapping m = UserMapping.builder().attribute("cc", "costCenter | whenEmpty(skip('no cost center'))").build();
    Explanation e = m.explain(adele());
    assertThat(e.rules().get(4).result()).isEqualTo("skip the user (yielded nothing; whenEmpty(skip('no cost center')))");
    assertThat(e.toText()).endsWith("outcome: skipped: no cost center\n");
  }
}
