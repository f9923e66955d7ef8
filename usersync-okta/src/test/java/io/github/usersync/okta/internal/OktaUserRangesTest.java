package io.github.usersync.okta.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OktaUserRangesTest {
  private static Instant t(String s) {
    return Instant.parse(s);
  }

  @Test
  void boundariesAreTheSamplesQuantilesInOrder() {
    List<Instant> sample = new ArrayList<>();
    for (int i = 7; i >= 0; i--) {
      sample.add(t("2024-01-01T00:00:00Z").plusSeconds(i)); // 8 values, given out of order
    }

    assertThat(OktaUserRanges.boundaries(sample, 4))
        .containsExactly(t("2024-01-01T00:00:02Z"), t("2024-01-01T00:00:04Z"), t("2024-01-01T00:00:06Z"));
    assertThat(OktaUserRanges.boundaries(sample, 2)).containsExactly(t("2024-01-01T00:00:04Z"));
  }

  @Test
  void equalQuantilesAreMergedSoRangesAreNeverEmptyByConstruction() {
    List<Instant> sample = List.of(t("2024-01-01T00:00:00Z"), t("2024-01-01T00:00:00Z"), t("2024-01-01T00:00:00Z"),
        t("2024-05-01T00:00:00Z"));

    assertThat(OktaUserRanges.boundaries(sample, 4))
        .containsExactly(t("2024-01-01T00:00:00Z"), t("2024-05-01T00:00:00Z"));
  }

  @Test
  void theRangesCoverAllTimeOnceWithGeAndLt() {
    assertThat(OktaUserRanges.rangeFilters(List.of(t("2024-01-01T00:00:00.5Z"), t("2024-02-01T00:00:00Z"))))
        .containsExactly(
            "lastUpdated lt \"2024-01-01T00:00:00.500Z\"",
            "lastUpdated ge \"2024-01-01T00:00:00.500Z\" and lastUpdated lt \"2024-02-01T00:00:00.000Z\"",
            "lastUpdated ge \"2024-02-01T00:00:00.000Z\"");
  }
}
