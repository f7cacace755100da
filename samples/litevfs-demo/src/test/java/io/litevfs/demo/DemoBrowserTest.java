package io.litevfs.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's view of the demo: real headless Chromium clicks Insert, then Fetch, and sees the new record
 * and the latencies on the page. Chromium and ChromeDriver come from Debian ({@code scripts/install-browser},
 * which {@code ./dev test} runs).
 */
class DemoBrowserTest {

    @TempDir
    Path directory;

    @Test
    void insertThenFetchShowsTheRecordAndTheLatency() throws Exception {
        File chromedriver = new File("/usr/bin/chromedriver");
        assertThat(chromedriver).as("ChromeDriver (run scripts/install-browser)").exists();
        try (ConfigurableApplicationContext app = SpringApplication.run(DemoApplication.class, "--server.port=0",
                "--litevfs.vfs-name=demo-browser", "--litevfs.embedded-store.port=0",
                "--litevfs.embedded-store.data-directory=" + directory.resolve("store"),
                "--litevfs.cache.directory=" + directory.resolve("cache"))) {
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + Files.createDirectories(directory.resolve("chromium")));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver).build();
            WebDriver browser = new ChromeDriver(service, options);
            try {
                browser.get(RunningDemo.uri(app, "/").toString());
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                browser.findElement(By.id("insert")).click();
                String value = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#inserted .value"))).getText();
                assertThat(browser.findElement(By.cssSelector("#inserted .latency")).getText()).matches("\\d+\\.\\d{2}ms");

                browser.findElement(By.id("fetch")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#fetched .record")));
                assertThat(browser.findElements(By.cssSelector("#fetched .record td:last-child")))
                        .extracting(cell -> cell.getText()).contains(value);
                assertThat(browser.findElement(By.cssSelector("#fetched .latency")).getText()).matches("\\d+\\.\\d{2}ms");
                Path screenshot = Path.of("target", "demo-page.png");
                Files.createDirectories(screenshot.getParent());
                Files.write(screenshot, ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            } finally {
                browser.quit();
            }
        }
    }
}
