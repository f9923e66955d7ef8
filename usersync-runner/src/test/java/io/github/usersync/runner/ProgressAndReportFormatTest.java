package io.github.usersync.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.sync.SyncPhase;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressAndReportFormatTest {
  @Test
  void appliedChangesShowTheRateAndTheTimeLeft() {
    assertThat(ProgressPrinter.applied(1200, 4000, 10_000_000_000L))
        .isEqualTo("usersync:   1200 of 4000 changes applied (30%), 120/s, about 23s left");
    assertThat(ProgressPrinter.applied(100, 100_000, 10_000_000_000L)).endsWith(", 10/s, about 2 h 46 min left");
    assertThat(ProgressPrinter.applied(4000, 4000, 10_000_000_000L)).isEqualTo("usersync:   4000 of 4000 changes applied (100%), 400/s");
    assertThat(ProgressPrinter.applied(1, 10, 1_000L)).as("too early for a rate").isEqualTo("usersync:   1 of 10 changes applied (10%)");
  }

  @Test
  void usersReadShowTheRate() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AtomicLong now = new AtomicLong(0);
    ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), now::get);
    p.phase(SyncPhase.READ_USERS);
    now.set(2_000_000_000L);
    p.usersRead(1000);
    now.set(2_500_000_000L);
    p.usersRead(2000); // within the second: not printed
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("usersync: read users …\nusersync:   1000 users read (500/s)\n");
  }

  @Test
  void csvCellsAreQuotedAndFormulasDefused() {
    assertThat(ReportFormat.cell("plain")).isEqualTo("plain");
    assertThat(ReportFormat.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(ReportFormat.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(ReportFormat.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(ReportFormat.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(ReportFormat.of("CSV")).isEqualTo(ReportFormat.CSV);
    assertThatThrownBy(() -> ReportFormat.of("xml")).hasMessageContaining("text, json or csv");
  }

  @Test
  void theTextListsWhatWasDoneCappedAndTheCsvEveryChange() {
    InMemoryDirectory d = InMemoryDirectory.create();
    for (int i = 1; i <= ReportFormat.TEXT_CHANGES + 5; i++) {
      d.putUser(DirectoryUser.builder().id("u" + i).username("user" + i + "@example.com").active(true).build());
    }
    SyncReport report = UserSync.builder(d, InMemoryTarget.create()).name("formats").build().run();

    String text = ReportFormat.TEXT.format(report);
    assertThat(text).startsWith(report.toText()).contains("Changes applied (55):")
        .contains("  … and 5 more; use --report json (or csv) for every change");
    assertThat(text.lines().filter(l -> l.startsWith("  APPLIED "))).hasSize(ReportFormat.TEXT_CHANGES);
    String csv = ReportFormat.CSV.format(report);
    assertThat(csv.split("\r\n")).hasSize(56);
    assertThat(csv).contains(report.runId() + ",CREATE_USER,user7@example.com,,APPLIED,,");
  }
}
