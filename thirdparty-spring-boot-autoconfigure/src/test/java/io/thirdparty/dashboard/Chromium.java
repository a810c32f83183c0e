package io.thirdparty.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.fail;

/**
 * The Chromium installed on the machine, headless, driven through its own chromedriver:
 * nothing is downloaded (no Selenium Manager). Without Chromium the browser tests fail,
 * saying how to install it. Registered as a static extension, it starts one browser with
 * a fresh profile before a test class and quits it after.
 */
final class Chromium implements BeforeAllCallback, AfterAllCallback {

	private static final String INSTALL = "apt-get install -y chromium chromium-driver";

	/**
	 * Selenium warns that it has no DevTools protocol classes for this Chromium; the
	 * tests do not use the protocol. Held here so that the level stays set.
	 */
	private static final List<Logger> QUIET = List.of(Logger.getLogger("org.openqa.selenium.devtools"),
			Logger.getLogger("org.openqa.selenium.chromium"));

	private ChromeDriver driver;

	private Path profile;

	/**
	 * Returns the browser of the running test class.
	 * @return the driver
	 */
	ChromeDriver driver() {
		return this.driver;
	}

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		this.profile = Files.createTempDirectory("chromium-profile");
		this.driver = start(this.profile);
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		try {
			if (this.driver != null) {
				this.driver.quit();
			}
		}
		finally {
			FileSystemUtils.deleteRecursively(this.profile);
		}
	}

	/**
	 * Starts a browser with a fresh profile.
	 * @param profile an empty directory for the browser's profile
	 * @return the driver; quit it when done
	 */
	private static ChromeDriver start(Path profile) {
		QUIET.forEach((logger) -> logger.setLevel(Level.SEVERE));
		Path browser = executable("CHROMIUM_BINARY", "/usr/bin/chromium");
		Path driver = executable("CHROMEDRIVER_BINARY", "/usr/bin/chromedriver");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
			.usingAnyFreePort()
			.withLogFile(new File("target/chromedriver.log"))
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(browser.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1440,900", "--user-data-dir=" + profile.toAbsolutePath());
		ChromeDriver chrome = new ChromeDriver(service, options);
		chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
		return chrome;
	}

	private static Path executable(String variable, String standard) {
		String configured = System.getenv(variable);
		Path path = Path.of((configured != null && !configured.isBlank()) ? configured : standard);
		if (!Files.isExecutable(path)) {
			fail("The dashboard's browser tests drive the installed Chromium, but " + path + " is missing or not "
					+ "executable. Install Chromium and its driver with `" + INSTALL + "` (Debian), or point "
					+ variable + " at the executable.");
		}
		return path;
	}

}
