package io.github.usersync.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: headless Chromium (Debian's {@code chromium}) driven by Selenium
 * through Debian's {@code chromium-driver}, against the real okta connector reading an Okta org on
 * loopback. Screenshots go to {@code target/screenshots} (or {@code -Dconsole.screenshots=DIR}).
 * Skipped, with the reason, when either binary is missing; {@code .ci/run} installs both.
 */
class ConsoleBrowserTest {
  static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));

  @SuppressWarnings("NullAway.Init") // set by each test (or @BeforeEach), closed after it
  private ConsoleFixture f;
  @SuppressWarnings("NullAway.Init")
  private ChromeDriver driver;

  @BeforeEach
  void open() {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing; install Debian's chromium and"
            + " chromium-driver (apt-get install -y chromium chromium-driver; .ci/run does)");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1200,900", "--no-first-run", "--disable-extensions");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    f = new ConsoleFixture(b -> b);
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.quit();
    }
    if (f != null) {
      f.close();
    }
  }

  private void click(String id) {
    driver.findElement(By.id(id)).click();
  }

  private void awaitPath(String path) {
    new WebDriverWait(driver, Duration.ofSeconds(60)).until(ExpectedConditions.urlToBe(f.url(path)));
  }

  private List<WebElement> rows(String table) {
    return driver.findElements(By.cssSelector("#" + table + " tbody tr"));
  }

  @Test
  void dryRunShowsThePlanAndApplyMakesIt() throws IOException {
    driver.get(f.url("/"));
    assertThat(driver.getTitle()).contains("usersync okta-to-host");
    assertThat(driver.findElement(By.id("idle")).getText()).isEqualTo("idle");
    click("dry-run");
    awaitPath("/runs/1");
    assertThat(driver.findElement(By.id("run-status")).getText()).contains("dry run: nothing applied");
    List<WebElement> planned = rows("changes");
    assertThat(planned).hasSize(12) // 2 groups, 5 users, 5 memberships
        .allSatisfy(r -> assertThat(r.getText()).contains("NOT_APPLIED"));
    assertThat(driver.findElement(By.id("changes")).getText()).contains("CREATE_USER", "alice@example.com",
        OktaOrg.EVIL_NAME);
    assertThat(f.target.users().count()).as("a dry run changes nothing").isZero();
    screenshot("console-dry-run.png");

    click("apply");
    awaitPath("/runs/2");
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Run #2 · apply");
    assertThat(driver.findElement(By.id("run-status")).getText()).isEqualTo("success");
    assertThat(driver.findElement(By.id("applied-from")).getText())
        .isEqualTo("dry run #1: 12 of its 12 changes were planned again; 0 not in the preview (the IdP or the host"
            + " changed in between); 0 previewed no longer needed");
    assertThat(f.target.users().count()).isEqualTo(5);
    driver.get(f.url("/runs/1"));
    assertThat(driver.findElements(By.id("apply"))).as("a dry run with a run after it is stale").isEmpty();
  }

  @Test
  void syncNowThenTheRunsChangesFilteredByTypeAndOutcome() throws IOException {
    driver.get(f.url("/"));
    click("sync-now");
    awaitPath("/runs/1");
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Run #1 · manual");
    assertThat(rows("changes")).hasSize(12);

    new Select(driver.findElement(By.id("type"))).selectByValue("CREATE_USER");
    new Select(driver.findElement(By.id("outcome"))).selectByValue("APPLIED");
    click("filter");
    awaitPath("/runs/1?type=CREATE_USER&outcome=APPLIED");
    assertThat(rows("changes")).hasSize(5)
        .allSatisfy(r -> assertThat(r.getText()).contains("CREATE_USER", "APPLIED"));
    new Select(driver.findElement(By.id("type"))).selectByValue("ADD_MEMBERSHIP");
    click("filter");
    assertThat(rows("changes")).hasSize(5).allSatisfy(r -> assertThat(r.getText()).contains("ADD_MEMBERSHIP"));
    screenshot("console-run.png");

    f.org.users.get(1).status = "DEPROVISIONED";
    driver.findElement(By.linkText("Status")).click();
    click("sync-now");
    awaitPath("/runs/2");
    assertThat(driver.findElement(By.id("changes")).getText()).contains("DEACTIVATE_USER", "bob@example.com");

    driver.findElement(By.linkText("Status")).click();
    assertThat(driver.findElement(By.tagName("main")).getText()).contains("Last run", "#2 manual", "success");
    assertThat(driver.findElements(By.cssSelector("#history-chart rect.bar"))).hasSize(2);
    screenshot("console-status.png");

    driver.findElement(By.linkText("History")).click();
    assertThat(rows("history")).hasSize(2);
    assertThat(rows("history").get(0).getText()).contains("#2", "manual", "success");
    screenshot("console-history.png");
    rows("history").get(1).findElement(By.linkText("#1")).click();
    awaitPath("/runs/1");
  }

  @Test
  void changesAThresholdHeldBackAreShownAndApproved() throws IOException {
    driver.get(f.url("/"));
    click("sync-now");
    awaitPath("/runs/1");
    for (int i = 0; i < 3; i++) {
      f.org.users.get(i).status = "DEPROVISIONED"; // 3 of 5: 60 %, over the fixture's 50 %
    }
    driver.findElement(By.linkText("Status")).click();
    click("sync-now");
    awaitPath("/runs/2");
    assertThat(driver.findElement(By.id("run-status")).getText()).isEqualTo("guard-held");
    assertThat(f.target.users().filter(u -> !u.active()).count()).isZero();

    driver.findElement(By.linkText("Status")).click();
    WebElement held = driver.findElement(By.id("held"));
    assertThat(held.getText()).contains("held back by run", "DEACTIVATE_USER", "alice@example.com",
        "bob@example.com", "chloe@example.com");
    screenshot("console-held.png");
    click("approve");
    awaitPath("/runs/3");
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Run #3 · approval");
    assertThat(driver.findElement(By.id("run-status")).getText()).isEqualTo("success");
    assertThat(f.target.users().filter(u -> !u.active()).count()).isEqualTo(3);
    driver.findElement(By.linkText("Status")).click();
    assertThat(driver.findElements(By.id("held"))).as("nothing left to approve").isEmpty();
  }

  @Test
  void theCheckShowsBothEndsAndTheFix() throws IOException {
    driver.get(f.url("/"));
    driver.findElement(By.linkText("Check")).click();
    awaitPath("/check");
    assertThat(rows("check-idp")).isNotEmpty().allSatisfy(r -> assertThat(r.getText()).contains("ok"));
    assertThat(rows("check-host")).isNotEmpty().allSatisfy(r -> assertThat(r.getText()).contains("ok"));

    f.org.forbidGroups = true;
    driver.navigate().refresh();
    List<WebElement> failed = driver.findElements(By.xpath("//table[@id='check-idp']//tr[td/span[text()='failed']]"));
    assertThat(failed).isNotEmpty();
    assertThat(failed.get(0).getText()).contains("403");
    assertThat(failed.get(0).findElement(By.className("fix")).getText()).isNotBlank();
    screenshot("console-check.png");
  }

  @Test
  void explainTracesTheMappingOfOneUser() throws IOException {
    driver.get(f.url("/"));
    driver.findElement(By.linkText("Explain")).click();
    driver.findElement(By.id("user")).sendKeys("00u1alice0000000001");
    click("explain");
    awaitPath("/explain?user=00u1alice0000000001");
    assertThat(driver.findElement(By.id("explanation")).getText()).contains("alice@example.com");
    screenshot("console-explain.png");

    driver.findElement(By.id("user")).clear();
    driver.findElement(By.id("user")).sendKeys("00u0nobody");
    click("explain");
    assertThat(driver.findElement(By.id("explain-problem")).getText()).contains("no user with id 00u0nobody");
  }

  private void screenshot(String name) throws IOException {
    Path dir = Path.of(System.getProperty("console.screenshots", "target/screenshots"));
    Files.createDirectories(dir);
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
